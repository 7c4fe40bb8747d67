local np = require "newspipe"
return np.pipeline {
  sources = { "posts" },
  options = { jobz = 2 },
}
