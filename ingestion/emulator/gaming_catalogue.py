"""The gaming emulator's catalogue as of day one (2025-01-01): 60 Steam apps.

Titles, app ids, developers, publishers, release dates, list prices, genres and categories follow the real
store as far as we know it; owners, players, review counts and tag votes are our own round figures, of the
right order of magnitude. What changes on later days lives in `gaming_days`.
"""

from __future__ import annotations

from dataclasses import dataclass

# Steam's genre ids are strings in appdetails; these are ids Steam really uses.
GENRES: dict[str, str] = {
    "1": "Action",
    "2": "Strategy",
    "3": "RPG",
    "4": "Casual",
    "9": "Racing",
    "18": "Sports",
    "23": "Indie",
    "25": "Adventure",
    "28": "Simulation",
    "29": "Massively Multiplayer",
    "37": "Free To Play",
    "70": "Early Access",
}

# SteamSpy's `genre` string writes a few names differently from the storefront.
STEAMSPY_GENRE_NAMES: dict[str, str] = {"37": "Free to Play"}

CATEGORIES: dict[int, str] = {
    1: "Multi-player",
    2: "Single-player",
    8: "Valve Anti-Cheat enabled",
    9: "Co-op",
    18: "Partial Controller Support",
    20: "MMO",
    22: "Steam Achievements",
    23: "Steam Cloud",
    24: "Shared/Split Screen",
    27: "Cross-Platform Multiplayer",
    28: "Full controller support",
    29: "Steam Trading Cards",
    30: "Steam Workshop",
    35: "In-App Purchases",
    36: "Online PvP",
    38: "Online Co-op",
    44: "Remote Play Together",
    49: "PvP",
    62: "Family Sharing",
}

# SteamSpy's owner ranges, lowest first.
OWNERS_RANGES: tuple[str, ...] = (
    "0 .. 20,000",
    "20,000 .. 50,000",
    "50,000 .. 100,000",
    "100,000 .. 200,000",
    "200,000 .. 500,000",
    "500,000 .. 1,000,000",
    "1,000,000 .. 2,000,000",
    "2,000,000 .. 5,000,000",
    "5,000,000 .. 10,000,000",
    "10,000,000 .. 20,000,000",
    "20,000,000 .. 50,000,000",
    "50,000,000 .. 100,000,000",
    "100,000,000 .. 200,000,000",
    "200,000,000 .. 500,000,000",
)
K0, M1, M2, M5, M10, M20, M50, M100, M200 = (OWNERS_RANGES[i] for i in (0, 6, 7, 8, 9, 10, 11, 12, 13))

EN = ("English",)
EFIGS = ("English", "French", "Italian", "German", "Spanish - Spain")
WIDE = (
    *EFIGS,
    "Japanese",
    "Korean",
    "Polish",
    "Portuguese - Brazil",
    "Russian",
    "Simplified Chinese",
    "Traditional Chinese",
)


@dataclass(frozen=True)
class Game:
    appid: int
    name: str
    developers: tuple[str, ...]
    publishers: tuple[str, ...]
    # Steam's display format ("5 Dec, 2019"); "" while the game is coming soon.
    released: str
    # List price in US cents; 0 for free-to-play and for games without a price yet.
    price: int
    genres: tuple[str, ...]
    categories: tuple[int, ...]
    # Any of "w", "m", "l" (Windows, macOS, Linux).
    platforms: str
    owners: str
    ccu: int
    positive: int
    negative: int
    # Tag names, most-voted first; the votes are derived (see `gaming_payloads.tag_votes`).
    tags: tuple[str, ...]
    free: bool = False
    # Percent off on day one; 0 = full price.
    discount: int = 0
    metacritic: int | None = None
    achievements: int | None = None
    # Steam sends the string "17" for a few apps; everything else here is the integer 0.
    required_age: int | str = 0
    languages: tuple[str, ...] = EFIGS
    website: str | None = None
    mature: bool = False
    # Steam sends `[]` instead of an object for the requirements of platforms an app does not support.
    empty_requirements: bool = False

    @property
    def coming_soon(self) -> bool:
        return not self.released


SP_CORE = (2, 22, 28, 29, 23, 62)

# One call per app, laid out by hand as a table.
# fmt: off
CATALOGUE: tuple[Game, ...] = (
    # --- free to play (8) ---
    Game(570, "Dota 2", ("Valve",), ("Valve",), "9 Jul, 2013", 0, ("1", "2", "37"),
        (1, 49, 36, 9, 38, 29, 30, 35, 8), "wml", M200, 612_000, 1_650_000, 370_000,
        ("Free to Play", "MOBA", "Multiplayer", "Strategy", "e-sports", "Team-Based", "Competitive"),
        free=True, metacritic=90, languages=WIDE, website="http://www.dota2.com/"),
    Game(730, "Counter-Strike 2", ("Valve",), ("Valve",), "21 Aug, 2012", 0, ("1", "37"),
        (1, 49, 36, 22, 35, 8, 30), "wl", M100, 1_420_000, 7_100_000, 1_050_000,
        ("FPS", "Shooter", "Multiplayer", "Competitive", "Action", "Team-Based", "e-sports"), free=True,
        metacritic=83, achievements=1, languages=WIDE, website="http://counter-strike.net/", mature=True),
    Game(578080, "PUBG: BATTLEGROUNDS", ("PUBG Corporation",), ("KRAFTON, Inc.",), "21 Dec, 2017", 0,
        ("1", "25", "29", "37"), (1, 49, 36, 9, 38, 22, 35), "w", M50, 640_000, 1_390_000, 980_000,
        ("Survival", "Shooter", "Battle Royale", "Multiplayer", "FPS", "PvP"), free=True, achievements=37,
        languages=WIDE, website="https://pubg.com", mature=True, empty_requirements=True),
    Game(1172470, "Apex Legends", ("Respawn",), ("Electronic Arts",), "4 Nov, 2020", 0, ("1", "25", "37"),
        (1, 49, 36, 9, 38, 28, 35, 27), "w", M50, 121_000, 640_000, 300_000,
        ("Free to Play", "Battle Royale", "Multiplayer", "FPS", "Shooter", "Hero Shooter"), free=True,
        languages=WIDE, website="https://www.ea.com/games/apex-legends", mature=True,
        empty_requirements=True),
    Game(440, "Team Fortress 2", ("Valve",), ("Valve",), "10 Oct, 2007", 0, ("1", "37"),
        (1, 49, 36, 9, 38, 22, 29, 30, 35, 8), "wml", M50, 72_000, 1_000_000, 120_000,
        ("Free to Play", "Hero Shooter", "Multiplayer", "FPS", "Shooter", "Class-Based", "Funny"), free=True,
        metacritic=92, achievements=520, languages=WIDE, website="http://www.teamfortress.com/"),
    Game(230410, "Warframe", ("Digital Extremes",), ("Digital Extremes",), "25 Mar, 2013", 0, ("1", "37"),
        (1, 49, 36, 9, 38, 22, 29, 23, 35, 28), "w", M20, 61_000, 520_000, 75_000,
        ("Looter Shooter", "Free to Play", "Action", "Co-op", "Multiplayer", "Space"), free=True,
        achievements=227, languages=WIDE, website="http://www.warframe.com/"),
    Game(1085660, "Destiny 2", ("Bungie",), ("Bungie",), "1 Oct, 2019", 0, ("1", "25", "37"),
        (1, 49, 36, 9, 38, 22, 28, 35), "w", M20, 21_000, 480_000, 120_000,
        ("Free to Play", "Looter Shooter", "FPS", "Multiplayer", "Action", "MMORPG"), free=True,
        achievements=23, languages=WIDE, website="https://www.destinythegame.com/", mature=True,
        empty_requirements=True),
    Game(1222670, "The Sims™ 4", ("Maxis",), ("Electronic Arts",), "18 Jun, 2020", 0, ("4", "28", "37"),
        (2, 35, 62), "w", M20, 52_000, 210_000, 60_000,
        ("Life Sim", "Character Customization", "Building", "Sandbox", "Free to Play"), free=True,
        languages=WIDE, website="https://www.ea.com/games/the-sims/the-sims-4"),
    # --- coming soon (2) ---
    Game(1030300, "Hollow Knight: Silksong", ("Team Cherry",), ("Team Cherry",), "", 0, ("1", "25", "23"),
        (2, 22, 28, 23), "wml", K0, 0, 0, 0,
        ("Metroidvania", "Souls-like", "2D", "Platformer", "Indie", "Difficult"), languages=WIDE),
    Game(1903340, "Clair Obscur: Expedition 33", ("Sandfall Interactive",), ("Kepler Interactive",), "", 0,
        ("3",), (2, 22, 28, 23, 62), "w", K0, 0, 0, 0,
        ("RPG", "Turn-Based Combat", "Fantasy", "Story Rich", "Singleplayer", "JRPG"), languages=WIDE,
        website="https://www.expedition33.com", mature=True),
    # --- in SteamSpy but gone from the store: the storefront answers success:false (1) ---
    Game(224060, "Deadpool", ("High Moon Studios",), ("Activision",), "25 Jun, 2013", 0, ("1",), (2,), "w",
        M1, 3, 6900, 1200, ()),
    # --- paid, released (49) ---
    Game(271590, "Grand Theft Auto V", ("Rockstar North",), ("Rockstar Games",), "13 Apr, 2015", 2998,
        ("1", "25"), (2, 1, 49, 36, 9, 38, 22, 18, 35), "w", M50, 175_000, 1_650_000, 245_000,
        ("Open World", "Action", "Multiplayer", "Crime", "Automobile Sim", "Third-Person Shooter"),
        metacritic=96, achievements=77, languages=WIDE, website="http://www.rockstargames.com/V/",
        mature=True),
    Game(1245620, "ELDEN RING", ("FromSoftware, Inc.",), ("FromSoftware, Inc.", "Bandai Namco Entertainment"),
        "24 Feb, 2022", 5999, ("1", "3"), (2, 1, 49, 36, 9, 38, 22, 28, 29, 23, 62), "w", M20, 68_000,
        900_000, 70_000, ("Souls-like", "Open World", "Dark Fantasy", "RPG", "Difficult", "Action RPG"),
        discount=40, metacritic=94, achievements=42, languages=WIDE,
        website="https://en.bandainamcoent.eu/elden-ring", mature=True),
    Game(1091500, "Cyberpunk 2077", ("CD PROJEKT RED",), ("CD PROJEKT RED",), "9 Dec, 2020", 5999, ("3",),
        SP_CORE, "w", M20, 58_000, 650_000, 128_000,
        ("Cyberpunk", "Open World", "RPG", "Sci-fi", "Story Rich", "FPS", "Futuristic"), metacritic=86,
        achievements=57, required_age="17", languages=WIDE, website="https://www.cyberpunk.net", mature=True),
    Game(292030, "The Witcher 3: Wild Hunt", ("CD PROJEKT RED",), ("CD PROJEKT RED",), "18 May, 2015", 3999,
        ("3",), SP_CORE, "w", M10, 35_000, 760_000, 31_000,
        ("Open World", "RPG", "Story Rich", "Fantasy", "Mature", "Great Soundtrack"), discount=80,
        metacritic=93, achievements=78, languages=WIDE, website="https://www.thewitcher.com", mature=True),
    Game(1086940, "Baldur's Gate 3", ("Larian Studios",), ("Larian Studios",), "3 Aug, 2023", 5999,
        ("25", "3", "2"), (2, 1, 36, 9, 38, 22, 28, 23, 24, 62), "wm", M20, 72_000, 670_000, 22_000,
        ("RPG", "Choices Matter", "Character Customization", "Story Rich", "Turn-Based Combat", "CRPG"),
        discount=20, metacritic=96, achievements=54, languages=WIDE, website="https://baldursgate3.game",
        mature=True),
    Game(413150, "Stardew Valley", ("ConcernedApe",), ("ConcernedApe",), "26 Feb, 2016", 1499,
        ("23", "3", "28"), (2, 1, 9, 38, 22, 28, 29, 23, 24, 62), "wml", M20, 98_000, 800_000, 13_000,
        ("Farming Sim", "Life Sim", "Pixel Graphics", "Cozy", "Relaxing", "Multiplayer", "Indie"),
        metacritic=89, achievements=40, languages=WIDE, website="http://www.stardewvalley.net"),
    Game(105600, "Terraria", ("Re-Logic",), ("Re-Logic",), "16 May, 2011", 999, ("1", "25", "23", "3"),
        (2, 1, 9, 38, 22, 18, 29, 23, 30, 62), "wml", M20, 41_000, 1_300_000, 33_000,
        ("Open World Survival Craft", "Sandbox", "Survival", "2D", "Multiplayer", "Pixel Graphics"),
        discount=50, metacritic=83, achievements=115, languages=WIDE, website="http://www.terraria.org/"),
    Game(1145360, "Hades", ("Supergiant Games",), ("Supergiant Games",), "17 Sep, 2020", 2499,
        ("1", "23", "3"), SP_CORE, "wm", M5, 6500, 260_000, 4500,
        ("Action Roguelike", "Indie", "Hack and Slash", "Roguelite", "Great Soundtrack", "Isometric"),
        metacritic=93, achievements=49, languages=WIDE,
        website="https://www.supergiantgames.com/games/hades/"),
    Game(892970, "Valheim", ("Iron Gate AB",), ("Coffee Stain Publishing",), "2 Feb, 2021", 1999,
        ("1", "25", "23", "3", "70"), (2, 1, 9, 38, 22, 18, 23, 62), "wl", M10, 23_000, 440_000, 26_000,
        ("Open World Survival Craft", "Survival", "Online Co-Op", "Base Building", "Viking", "Crafting"),
        achievements=50, languages=WIDE, website="https://valheimgame.com"),
    Game(1966720, "Lethal Company", ("Zeekerss",), ("Zeekerss",), "23 Oct, 2023", 999, ("1", "23", "70"),
        (2, 1, 9, 38), "w", M10, 19_000, 430_000, 12_000,
        ("Online Co-Op", "Horror", "Multiplayer", "First-Person", "Funny", "Psychological Horror"),
        languages=EN, empty_requirements=True),
    Game(252490, "Rust", ("Facepunch Studios",), ("Facepunch Studios",), "8 Feb, 2018", 3999,
        ("1", "25", "23", "29", "3"), (1, 49, 36, 9, 38, 22, 18, 29, 23, 30, 35), "wm", M20, 130_000, 980_000,
        145_000, ("Survival", "Crafting", "Multiplayer", "Open World", "PvP", "Building"), discount=50,
        metacritic=69, achievements=92, languages=WIDE, website="http://rust.facepunch.com/", mature=True),
    Game(359550, "Tom Clancy's Rainbow Six® Siege", ("Ubisoft Montreal",), ("Ubisoft",), "1 Dec, 2015", 1999,
        ("1",), (1, 49, 36, 9, 38, 35, 62), "w", M20, 60_000, 1_100_000, 205_000,
        ("FPS", "PvP", "e-sports", "Multiplayer", "Tactical", "Shooter", "Team-Based"), discount=60,
        languages=WIDE, website="http://rainbow6.ubisoft.com/", mature=True),
    Game(381210, "Dead by Daylight", ("Behaviour Interactive Inc.",), ("Behaviour Interactive Inc.",),
        "14 Jun, 2016", 1999, ("1",), (1, 49, 36, 9, 38, 22, 28, 29, 23, 35, 27), "w", M20, 40_000, 600_000,
        145_000, ("Horror", "Survival Horror", "Multiplayer", "Online Co-Op", "Asymmetric VR", "Gore"),
        achievements=255, languages=WIDE, website="http://www.deadbydaylight.com", mature=True),
    Game(553850, "HELLDIVERS™ 2", ("Arrowhead Game Studios",), ("PlayStation Publishing LLC",), "8 Feb, 2024",
        3999, ("1",), (2, 1, 9, 38, 22, 28, 35, 27), "w", M10, 70_000, 690_000, 230_000,
        ("Online Co-Op", "Action", "Third-Person Shooter", "Sci-fi", "PvE", "Aliens"), metacritic=82,
        achievements=38, languages=WIDE, website="https://www.playstation.com/games/helldivers-2/",
        mature=True, empty_requirements=True),
    Game(2358720, "Black Myth: Wukong", ("Game Science",), ("Game Science",), "19 Aug, 2024", 5999,
        ("1", "25", "3"), (2, 22, 28, 23, 62), "w", M10, 75_000, 1_000_000, 35_000,
        ("Mythology", "Action RPG", "Souls-like", "Singleplayer", "Story Rich", "Combat"), metacritic=81,
        achievements=81, languages=WIDE, website="https://www.heishenhua.com/", mature=True),
    Game(1623730, "Palworld", ("Pocketpair",), ("Pocketpair",), "18 Jan, 2024", 2999,
        ("1", "25", "23", "3", "70"), (2, 1, 49, 36, 9, 38, 22, 28, 23, 62), "w", M20, 31_000, 330_000,
        20_000,
        ("Open World Survival Craft", "Multiplayer", "Creature Collector", "Crafting", "Survival"),
        achievements=60, languages=WIDE, website="https://www.pocketpair.jp/palworld",
        empty_requirements=True),
    Game(374320, "DARK SOULS™ III", ("FromSoftware, Inc.",),
        ("FromSoftware, Inc.", "Bandai Namco Entertainment"), "11 Apr, 2016", 5999, ("1", "3"),
        (2, 1, 49, 36, 9, 38, 22, 28, 29, 62), "w", M5, 7200, 370_000, 22_000,
        ("Souls-like", "Dark Fantasy", "Difficult", "RPG", "Action RPG", "Atmospheric"), metacritic=89,
        achievements=43, languages=WIDE, website="http://www.darksouls3.com", mature=True),
    Game(814380, "Sekiro™: Shadows Die Twice - GOTY Edition", ("FromSoftware, Inc.",),
        ("Activision", "FromSoftware, Inc."), "21 Mar, 2019", 5999, ("1", "25"), SP_CORE, "w", M5, 4100,
        230_000, 9000, ("Souls-like", "Difficult", "Ninja", "Action", "Singleplayer", "Stealth"),
        metacritic=88, achievements=34, languages=WIDE, website="https://www.sekirothegame.com", mature=True),
    Game(367520, "Hollow Knight", ("Team Cherry",), ("Team Cherry",), "24 Feb, 2017", 1499, ("1", "25", "23"),
        SP_CORE, "wml", M5, 8900, 340_000, 8000,
        ("Metroidvania", "Souls-like", "Platformer", "Difficult", "2D", "Atmospheric", "Indie"),
        metacritic=87, achievements=63, languages=WIDE, website="http://hollowknight.com"),
    Game(646570, "Slay the Spire", ("Mega Crit",), ("Mega Crit",), "23 Jan, 2019", 2499, ("23", "2"), SP_CORE,
        "wml", M5, 4300, 150_000, 4000,
        ("Card Battler", "Roguelike Deckbuilder", "Deckbuilding", "Strategy", "Roguelike", "Indie"),
        metacritic=89, achievements=46, languages=WIDE, website="https://www.megacrit.com/"),
    Game(1794680, "Vampire Survivors", ("poncle",), ("poncle",), "20 Oct, 2022", 499, ("1", "4", "23", "3"),
        (2, 9, 22, 28, 23, 24, 44, 62), "wm", M5, 9500, 230_000, 5000,
        ("Bullet Hell", "Pixel Graphics", "Roguelite", "Action Roguelike", "Casual", "Bullet Heaven"),
        metacritic=86, achievements=239, languages=WIDE, website="https://poncle.itch.io/vampire-survivors"),
    Game(548430, "Deep Rock Galactic", ("Ghost Ship Games",), ("Coffee Stain Publishing",), "13 May, 2020",
        2999, ("1",), (2, 1, 9, 38, 22, 18, 29, 23, 62), "w", M5, 10_500, 250_000, 6000,
        ("Co-op", "Online Co-Op", "FPS", "Dwarf", "Mining", "PvE", "Procedural Generation"), metacritic=85,
        achievements=100, languages=WIDE, website="https://www.deeprockgalactic.com"),
    Game(264710, "Subnautica", ("Unknown Worlds Entertainment",), ("Unknown Worlds Entertainment",),
        "23 Jan, 2018", 2999, ("25", "23"), (2, 22, 18, 23, 62), "wm", M10, 5800, 290_000, 11_000,
        ("Open World Survival Craft", "Underwater", "Survival", "Exploration", "Open World", "Crafting"),
        metacritic=87, achievements=16, languages=WIDE, website="http://www.subnautica.com"),
    Game(322330, "Don't Starve Together", ("Klei Entertainment",), ("Klei Entertainment",), "21 Apr, 2016",
        1499, ("25", "23", "28"), (1, 9, 38, 28, 29, 30, 35, 62), "wml", M10, 42_000, 300_000, 19_000,
        ("Survival", "Open World Survival Craft", "Multiplayer", "Co-op", "Crafting", "Sandbox"),
        languages=WIDE, website="http://www.kleientertainment.com/games/dont-starve-together"),
    Game(4000, "Garry's Mod", ("Facepunch Studios",), ("Valve",), "29 Nov, 2006", 999, ("23", "28"),
        (2, 1, 49, 36, 9, 22, 30, 8), "wml", M20, 27_000, 1_050_000, 40_000,
        ("Sandbox", "Multiplayer", "Funny", "Moddable", "Building", "Comedy"), achievements=29,
        languages=WIDE, website="http://www.garrysmod.com/"),
    Game(550, "Left 4 Dead 2", ("Valve",), ("Valve",), "16 Nov, 2009", 999, ("1",),
        (2, 1, 49, 36, 9, 38, 22, 28, 23, 30, 8, 24), "wml", M20, 22_000, 800_000, 20_000,
        ("Zombies", "Co-op", "FPS", "Multiplayer", "Shooter", "Online Co-Op", "Action"), metacritic=89,
        achievements=101, languages=WIDE, website="http://www.l4d.com", mature=True),
    Game(620, "Portal 2", ("Valve",), ("Valve",), "18 Apr, 2011", 999, ("1", "25"),
        (2, 9, 38, 22, 28, 29, 23, 30, 24), "wml", M10, 1800, 400_000, 4000,
        ("Puzzle", "Co-op", "First-Person", "Sci-fi", "Comedy", "Singleplayer", "Great Soundtrack"),
        metacritic=95, achievements=51, languages=WIDE, website="http://www.thinkwithportals.com/"),
    Game(400, "Portal", ("Valve",), ("Valve",), "10 Oct, 2007", 999, ("1",), (2, 22, 28, 23), "wml", M10, 700,
        140_000, 2000, ("Puzzle", "First-Person", "Singleplayer", "Sci-fi", "Comedy", "Classic"),
        metacritic=90, achievements=15, languages=WIDE, website="http://www.whatistheorangebox.com/"),
    Game(220, "Half-Life 2", ("Valve",), ("Valve",), "16 Nov, 2004", 999, ("1",), (2, 22, 28, 23), "wml", M10,
        1200, 160_000, 4500, ("FPS", "Action", "Sci-fi", "Classic", "Story Rich", "Shooter", "Singleplayer"),
        metacritic=96, achievements=33, languages=WIDE, website="http://www.half-life.com/"),
    Game(289070, "Sid Meier's Civilization® VI", ("Firaxis Games", "Aspyr (Mac)"), ("2K", "Aspyr (Mac)"),
        "20 Oct, 2016", 5999, ("2",), (2, 1, 36, 22, 29, 23, 30, 35, 27), "wml", M10, 34_000, 210_000, 42_000,
        ("Strategy", "Turn-Based Strategy", "Historical", "Multiplayer", "4X", "Grand Strategy"),
        metacritic=88, achievements=320, languages=WIDE, website="http://www.civilization.com/"),
    Game(8930, "Sid Meier's Civilization® V", ("Firaxis Games", "Aspyr (Mac)"), ("2K", "Aspyr (Mac)"),
        "21 Sep, 2010", 2999, ("2",), (2, 1, 22, 29, 23, 30), "wm", M10, 16_000, 190_000, 8000,
        ("Turn-Based Strategy", "Strategy", "4X", "Multiplayer", "Historical", "Singleplayer"), metacritic=90,
        achievements=286, website="http://www.civilization5.com/"),
    Game(489830, "The Elder Scrolls V: Skyrim Special Edition", ("Bethesda Game Studios",),
        ("Bethesda Softworks",), "27 Oct, 2016", 3999, ("3",), (2, 22, 28, 23, 62), "w", M10, 18_000, 290_000,
        26_000, ("Open World", "RPG", "Fantasy", "Moddable", "Adventure", "Singleplayer"), achievements=75,
        languages=WIDE, website="https://elderscrolls.bethesda.net/skyrim", mature=True),
    Game(377160, "Fallout 4", ("Bethesda Game Studios",), ("Bethesda Softworks",), "10 Nov, 2015", 1999,
        ("3",), SP_CORE, "w", M10, 15_000, 250_000, 50_000,
        ("Open World", "Post-apocalyptic", "RPG", "Exploration", "Singleplayer", "Moddable"), metacritic=84,
        achievements=50, languages=WIDE, website="https://fallout.bethesda.net/", mature=True),
    Game(275850, "No Man's Sky", ("Hello Games",), ("Hello Games",), "12 Aug, 2016", 5999, ("1", "25"),
        (2, 1, 9, 38, 22, 28, 23, 27), "wm", M5, 12_000, 250_000, 40_000,
        ("Open World Survival Craft", "Space", "Exploration", "Survival", "Open World", "Sci-fi"),
        metacritic=61, achievements=45, languages=WIDE, website="http://www.no-mans-sky.com"),
    Game(346110, "ARK: Survival Evolved", ("Studio Wildcard", "Instinct Games"), ("Studio Wildcard",),
        "27 Aug, 2017", 1499, ("1", "25", "29", "3"), (2, 1, 49, 36, 9, 38, 22, 18, 23, 30, 35), "w", M20,
        36_000, 590_000, 130_000,
        ("Survival", "Dinosaurs", "Open World Survival Craft", "Multiplayer", "Crafting"), metacritic=70,
        achievements=171, languages=WIDE, website="http://www.playark.com", mature=True),
    Game(945360, "Among Us", ("Innersloth",), ("Innersloth",), "16 Nov, 2018", 499, ("4",),
        (1, 49, 36, 35, 27), "w", M20, 8000, 600_000, 70_000,
        ("Multiplayer", "Online Co-Op", "Social Deduction", "Space", "Casual"),
        website="http://www.innersloth.com/gameAmongUs.php"),
    Game(1174180, "Red Dead Redemption 2", ("Rockstar Games",), ("Rockstar Games",), "5 Dec, 2019", 5999,
        ("1", "25"), (2, 1, 49, 36, 9, 38, 22, 35, 18), "w", M10, 40_000, 720_000, 58_000,
        ("Open World", "Story Rich", "Western", "Adventure", "Multiplayer", "Realistic"), metacritic=93,
        achievements=51, languages=WIDE, website="https://www.rockstargames.com/reddeadredemption2/",
        mature=True),
    Game(1817070, "Marvel's Spider-Man Remastered", ("Insomniac Games", "Nixxes Software"),
        ("PlayStation Publishing LLC",), "12 Aug, 2022", 5999, ("1", "25"), (2, 22, 28, 23, 62), "w", M2,
        2400, 80_000, 3500, ("Superhero", "Open World", "Action", "Singleplayer", "Third Person", "Parkour"),
        metacritic=87, achievements=51, languages=WIDE,
        website="https://www.insomniac.games/game/spider-man/"),
    Game(1593500, "God of War", ("Santa Monica Studio", "Jetpack Interactive"), ("PlayStation PC LLC",),
        "14 Jan, 2022", 4999, ("1", "25"), (2, 22, 28, 23, 62), "w", M5, 2900, 85_000, 3000,
        ("Action", "Mythology", "Adventure", "Story Rich", "Hack and Slash", "Singleplayer"), metacritic=93,
        achievements=37, languages=WIDE, website="https://www.playstation.com/games/god-of-war/",
        mature=True),
    Game(1551360, "Forza Horizon 5", ("Playground Games",), ("Xbox Game Studios",), "8 Nov, 2021", 5999,
        ("1", "25", "9"), (2, 1, 49, 36, 9, 38, 22, 28, 23, 35, 27), "w", M10, 14_000, 200_000, 25_000,
        ("Racing", "Open World", "Driving", "Multiplayer", "Automobile Sim", "Beautiful"), metacritic=92,
        achievements=170, languages=WIDE, website="https://forzamotorsport.net/en-US/games/fh5"),
    Game(244210, "Assetto Corsa", ("Kunos Simulazioni",), ("505 Games",), "19 Dec, 2014", 1999,
        ("9", "28", "18"), (2, 1, 49, 36, 22, 28, 29, 30), "w", M5, 8000, 140_000, 14_000,
        ("Racing", "Simulation", "Driving", "Realistic", "Automobile Sim", "Moddable"), metacritic=85,
        achievements=45, website="http://www.assettocorsa.net/"),
    Game(1919590, "Football Manager 2024", ("Sports Interactive",), ("SEGA",), "6 Nov, 2023", 5999,
        ("28", "18"), (2, 1, 36, 22, 23, 62), "wm", M2, 30_000, 48_000, 12_000,
        ("Sports", "Simulation", "Football (Soccer)", "Management", "Strategy", "Singleplayer"),
        achievements=120, languages=WIDE, website="https://www.footballmanager.com"),
    Game(255710, "Cities: Skylines", ("Colossal Order Ltd.",), ("Paradox Interactive",), "10 Mar, 2015", 2999,
        ("28", "2"), (2, 22, 29, 23, 30), "wml", M10, 9000, 200_000, 13_000,
        ("City Builder", "Simulation", "Building", "Management", "Sandbox", "Strategy"), metacritic=85,
        achievements=110, languages=WIDE, website="http://www.citiesskylines.com"),
    Game(394360, "Hearts of Iron IV", ("Paradox Development Studio",), ("Paradox Interactive",),
        "6 Jun, 2016", 4999, ("28", "2"), (2, 1, 36, 22, 29, 23, 30, 62), "wml", M5, 20_000, 130_000, 20_000,
        ("Grand Strategy", "Strategy", "World War II", "Historical", "Wargame", "Military"), metacritic=83,
        achievements=430, languages=WIDE, website="http://www.heartsofiron4.com"),
    Game(108600, "Project Zomboid", ("The Indie Stone",), ("The Indie Stone",), "8 Nov, 2013", 1999,
        ("23", "3", "28", "70"), (2, 1, 49, 36, 9, 38, 23, 30, 24), "wml", M5, 23_000, 250_000, 12_000,
        ("Survival", "Zombies", "Open World Survival Craft", "Open World", "Sandbox", "Crafting"),
        languages=WIDE, website="http://projectzomboid.com/"),
    Game(739630, "Phasmophobia", ("Kinetic Games",), ("Kinetic Games",), "18 Sep, 2020", 1999,
        ("1", "23", "70"), (2, 1, 9, 38, 22, 62), "w", M10, 13_000, 470_000, 20_000,
        ("Horror", "Online Co-Op", "Psychological Horror", "Multiplayer", "Investigation", "VR"),
        achievements=25, languages=WIDE, website="https://kineticgames.co.uk/"),
    Game(2050650, "Resident Evil 4", ("CAPCOM Co., Ltd.",), ("CAPCOM Co., Ltd.",), "23 Mar, 2023", 3999,
        ("1", "25"), (2, 22, 28, 23, 62), "w", M5, 6000, 140_000, 5000,
        ("Survival Horror", "Action", "Horror", "Third-Person Shooter", "Remake", "Zombies"), metacritic=93,
        achievements=40, languages=WIDE, website="https://www.residentevil.com/re4/", mature=True),
    Game(632360, "Risk of Rain 2", ("Hopoo Games",), ("Gearbox Publishing",), "11 Aug, 2020", 2499,
        ("1", "23"), (2, 1, 9, 38, 22, 28, 23, 62), "w", M10, 6400, 230_000, 22_000,
        ("Action Roguelike", "Multiplayer", "Third-Person Shooter", "Online Co-Op", "Roguelike", "Indie"),
        metacritic=85, achievements=96, languages=WIDE, website="https://riskofrain2.com/"),
    Game(1063730, "New World: Aeternum", ("Amazon Games",), ("Amazon Games",), "28 Sep, 2021", 5999,
        ("1", "25", "29", "3"), (1, 49, 36, 9, 38, 20, 22, 28, 35, 27), "w", M10, 11_000, 220_000, 95_000,
        ("MMORPG", "Massively Multiplayer", "Open World", "RPG", "PvP", "Crafting"), achievements=43,
        languages=WIDE, website="https://www.newworld.com/", mature=True),
)
# fmt: on

BY_ID: dict[int, Game] = {game.appid: game for game in CATALOGUE}
