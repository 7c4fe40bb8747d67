local np = require "newspipe"
return np.pipeline {
  source = { "posts" },
}
