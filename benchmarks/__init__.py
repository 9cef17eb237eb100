"""`make bench`: competitor baselines measured in the same run, ratios printed."""
