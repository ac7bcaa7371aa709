"""jpolicy: read Japanese privacy policies into PolicyRecords and report their gaps."""
__version__ = "0.1.0"
