"""The web 督办 console: a tornado server in `duban run`'s event loop, rendering the
platform-independent use cases (bot.handlers.dashboard, taskpage, weblink) as HTML."""
