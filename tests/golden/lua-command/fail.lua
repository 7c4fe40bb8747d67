local np = require "newspipe"
local post = assert(np.parse("2019-03-02-market-hours.md"))
post.body:select_one("p").first_child:append("<b>a text node has no children</b>")
