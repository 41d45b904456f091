"""The pure content core: no Kivy, no watchdog, no clocks, no file reads.

Everything here takes values in (mappings, text, `now`) and hands typed values out,
so it is tested fast without a window.
"""
