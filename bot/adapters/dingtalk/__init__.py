"""DingTalk (钉钉 / 政务钉钉): the app robot in Stream or callback mode, and custom group robots."""
