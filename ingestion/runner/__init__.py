"""Runs verticals end to end: extract and load with dlt, transform and test with dbt, publish the exports, and
record every run in the warehouse's run log."""
