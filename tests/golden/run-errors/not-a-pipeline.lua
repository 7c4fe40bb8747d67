return { sources = { "posts" } }
