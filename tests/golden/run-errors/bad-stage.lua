local np = require "newspipe"
return np.pipeline {
  sources = { "posts" },
  stages = { "clean" },
}
