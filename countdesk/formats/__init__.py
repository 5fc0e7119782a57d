"""Ballot (BLT) and constraint files: read strictly, write exactly."""
