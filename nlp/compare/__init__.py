"""Comparing: a record against a requirement profile, another policy used as
reference (``reference``), or an earlier version of itself (``diff``)."""
