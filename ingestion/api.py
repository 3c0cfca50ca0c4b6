"""The Python API in one import line:

from ingestion.api import SteamExtractor, get_orchestrator

result = get_orchestrator().run_pipeline("gaming", extractor_params={"limit": 100})
games = SteamExtractor().extract_top_games(count=100, sort_by="owners").data
"""

from ingestion.records import extract_records
from ingestion.runner.orchestrator import Orchestrator, VerticalResult, get_orchestrator
from ingestion.sources.gaming.notebook import ExtractionResult, SteamExtractor, top_games

__all__ = [
    "ExtractionResult",
    "Orchestrator",
    "SteamExtractor",
    "VerticalResult",
    "extract_records",
    "get_orchestrator",
    "top_games",
]
