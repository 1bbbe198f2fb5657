"""The directory of coordination offices: its views and the office editors."""
