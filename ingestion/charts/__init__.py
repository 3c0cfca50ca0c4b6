"""`make report`: a static site of charts from the warehouse, one page per vertical and an overview, that opens
from disk with no server (`ingestion.charts.site`); the charts and their queries are in `catalogue`."""
