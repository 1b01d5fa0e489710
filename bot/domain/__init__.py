"""What every part of the bot shares: chat messages and addresses, the status rules of tasks, the
error users can cause. Pure: no I/O, no platform."""
