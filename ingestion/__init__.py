"""starline ingestion: dlt sources per vertical, the shared HTTP layer, the local API emulator and the runner."""
