"""The report's charts: per vertical, each chart's question, the SQL it runs on the published marts, and how
its rows are drawn. Every query returns an `as_of_date` column (and `from_date` where a row sums a period), from
which the page states the chart's as-of range."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go

Row = dict[str, Any]
DAY_MS = 86_400_000


def day_axis(rows: Sequence[Row]) -> dict[str, Any]:
    """An x axis of as-of dates labelled by day: over a few days Plotly would otherwise tick the hours between."""
    days = len({row["as_of_date"] for row in rows})
    return {
        "xaxis_title": "as-of date",
        "xaxis_tickformat": "%Y-%m-%d",
        **({"xaxis_dtick": DAY_MS} if days <= 14 else {}),
    }


@dataclass(frozen=True)
class Chart:
    vertical: str
    slug: str
    title: str
    caption: str
    sql: str
    draw: Callable[[Sequence[Row]], go.Figure]


def series(rows: Sequence[Row], group: str, x: str, y: str, **trace: Any) -> list[go.Scatter]:
    """One line per value of `group`, in first-seen order."""
    groups: dict[Any, list[Row]] = {}
    for row in rows:
        groups.setdefault(row[group], []).append(row)
    return [
        go.Scatter(x=[r[x] for r in members], y=[r[y] for r in members], name=str(name), **trace)
        for name, members in groups.items()
    ]


def figure(traces: Sequence[Any], **layout: Any) -> go.Figure:
    fig = go.Figure(data=list(traces))
    defaults = {"template": "plotly_white", "height": 420, "margin": {"l": 60, "r": 20, "t": 20, "b": 50}}
    fig.update_layout(**{**defaults, **layout})
    return fig


def top_games_by_players(rows: Sequence[Row]) -> go.Figure:
    return figure(
        series(rows, "game_name", "as_of_date", "current_players", mode="lines+markers"),
        **day_axis(rows),
        yaxis_title="current players",
    )


def owners_vs_price(rows: Sequence[Row]) -> go.Figure:
    return figure(
        [
            go.Scatter(
                x=[r["price_usd"] for r in rows],
                y=[r["owners_estimate"] for r in rows],
                text=[r["game_name"] for r in rows],
                mode="markers",
                hovertemplate="%{text}<br>$%{x:.2f}, %{y:,} owners<extra></extra>",
            )
        ],
        xaxis_title="price (USD)",
        yaxis_title="owners (SteamSpy estimate)",
        yaxis_type="log",
    )


def review_scores(rows: Sequence[Row]) -> go.Figure:
    return figure(
        [go.Bar(x=[r["review_score_description"] for r in rows], y=[r["games"] for r in rows])],
        xaxis_title="Steam review score (worst to best)",
        yaxis_title="games",
    )


def category_shares(rows: Sequence[Row]) -> go.Figure:
    return figure(
        series(rows, "category", "as_of_date", "share", mode="lines", stackgroup="share"),
        **day_axis(rows),
        yaxis_title="share of the categories' market cap",
        yaxis_tickformat=".0%",
    )


def top_movers(rows: Sequence[Row]) -> go.Figure:
    ordered = sorted(rows, key=lambda r: r["price_change_percentage_24h"])
    return figure(
        [
            go.Bar(
                x=[r["price_change_percentage_24h"] / 100 for r in ordered],
                y=[r["coin_name"] for r in ordered],
                orientation="h",
                marker_color=["#c0392b" if r["price_change_percentage_24h"] < 0 else "#27ae60" for r in ordered],
            )
        ],
        xaxis_title="price change over 24 h",
        xaxis_tickformat=".1%",
    )


def betting_rates(rows: Sequence[Row]) -> go.Figure:
    measures = {
        "favourite_cover_rate": "favourite covers",
        "underdog_cover_rate": "underdog covers",
        "over_rate": "over",
        "under_rate": "under",
    }
    return figure(
        [
            go.Bar(x=[r["league"] for r in rows], y=[r[column] for r in rows], name=name)
            for column, name in measures.items()
        ],
        barmode="group",
        xaxis_title="league (settled games with a line)",
        yaxis_title="share of settled games",
        yaxis_tickformat=".0%",
    )


def odds_calibration(rows: Sequence[Row]) -> go.Figure:
    return figure(
        [
            go.Scatter(
                x=[r["implied_probability"] for r in rows],
                y=[r["win_rate"] for r in rows],
                text=[f"{r['games']} games" for r in rows],
                mode="markers+lines",
                name="favourites",
                hovertemplate="priced %{x:.0%}, won %{y:.0%} (%{text})<extra></extra>",
            ),
            go.Scatter(x=[0.5, 1], y=[0.5, 1], mode="lines", name="perfect calibration", line={"dash": "dot"}),
        ],
        xaxis_title="favourite's no-vig implied probability (bin centre)",
        yaxis_title="favourite's actual win rate",
        xaxis_tickformat=".0%",
        yaxis_tickformat=".0%",
    )


def genre_popularity(rows: Sequence[Row]) -> go.Figure:
    return figure(
        series(rows, "genre_name", "as_of_date", "average_popularity", mode="lines+markers"),
        **day_axis(rows),
        yaxis_title="average TMDb popularity of its titles",
    )


def trending_titles(rows: Sequence[Row]) -> go.Figure:
    ordered = sorted(rows, key=lambda r: -r["trending_rank"])
    return figure(
        [
            go.Bar(
                x=[r["popularity"] for r in ordered],
                y=[f"{r['trending_rank']}. {r['title']} ({r['media_type']})" for r in ordered],
                orientation="h",
            )
        ],
        xaxis_title="TMDb popularity",
        height=520,
        margin={"l": 260, "r": 20, "t": 20, "b": 50},
    )


def revenue_vs_budget(rows: Sequence[Row]) -> go.Figure:
    amounts = [r["budget_usd"] for r in rows] + [r["revenue_usd"] for r in rows]
    low, top = min(amounts, default=1), max(amounts, default=1)
    return figure(
        [
            go.Scatter(
                x=[r["budget_usd"] for r in rows],
                y=[r["revenue_usd"] for r in rows],
                text=[r["title"] for r in rows],
                mode="markers",
                name="movies",
                hovertemplate="%{text}<br>budget $%{x:,}, revenue $%{y:,}<extra></extra>",
            ),
            go.Scatter(x=[low, top], y=[low, top], mode="lines", name="revenue = budget", line={"dash": "dot"}),
        ],
        xaxis_title="budget (USD)",
        yaxis_title="revenue (USD)",
        xaxis_type="log",
        yaxis_type="log",
    )


CHARTS: tuple[Chart, ...] = (
    Chart(
        "gaming",
        "top-games-by-players",
        "Top games by current players over time",
        "The ten games with the most current players on the newest day, every day they were measured.",
        """
with newest as (
    select max(date_key) as date_key from gaming.fct_game_daily_metrics where current_players is not null
),

top_games as (
    select fct.app_id
    from gaming.fct_game_daily_metrics as fct
    inner join newest on fct.date_key = newest.date_key
    where fct.current_players is not null
    order by fct.current_players desc, fct.app_id
    limit 10
)

select fct.as_of_date, game.game_name, fct.current_players
from gaming.fct_game_daily_metrics as fct
inner join top_games on fct.app_id = top_games.app_id
inner join gaming.dim_game as game on fct.app_id = game.app_id and game.is_current
where fct.current_players is not null
order by fct.as_of_date, fct.current_players desc
""",
        top_games_by_players,
    ),
    Chart(
        "gaming",
        "owners-vs-price",
        "Owners vs price",
        "Each game on the newest day: its price and SteamSpy's owners estimate (midpoint of the range).",
        """
select fct.as_of_date, game.game_name, fct.final_price_cents / 100.0 as price_usd, fct.owners_estimate
from gaming.fct_game_daily_metrics as fct
inner join gaming.dim_game as game on fct.game_key = game.game_key
where fct.date_key = (select max(date_key) from gaming.fct_game_daily_metrics)
    and fct.final_price_cents is not null
    and fct.owners_estimate > 0
order by fct.owners_estimate desc
""",
        owners_vs_price,
    ),
    Chart(
        "gaming",
        "review-scores",
        "Review score distribution",
        "Games per Steam review score on the newest day.",
        """
select
    max(as_of_date) as as_of_date,
    review_score,
    review_score_description,
    count(*) as games
from gaming.fct_game_daily_metrics
where date_key = (select max(date_key) from gaming.fct_game_daily_metrics) and review_score is not null
group by review_score, review_score_description
order by review_score
""",
        review_scores,
    ),
    Chart(
        "crypto",
        "category-market-share",
        "Market share by category over time",
        "The eight largest categories on the newest day and the rest together. A coin can be in several "
        "categories, so the share is of the categories' summed market cap.",
        """
with daily as (
    select fct.as_of_date, category.category_name, fct.market_cap_usd
    from crypto.fct_category_daily_metrics as fct
    inner join crypto.dim_category as category on fct.category_key = category.category_key
    where fct.market_cap_usd > 0
),

largest as (
    select category_name
    from daily
    where as_of_date = (select max(as_of_date) from daily)
    order by market_cap_usd desc, category_name
    limit 8
)

select
    as_of_date,
    case when category_name in (select category_name from largest) then category_name else 'other categories' end
        as category,
    sum(market_cap_usd) / sum(sum(market_cap_usd)) over (partition by as_of_date) as share
from daily
group by 1, 2
order by as_of_date, category
""",
        category_shares,
    ),
    Chart(
        "crypto",
        "top-movers",
        "Top movers",
        "The five largest rises and the five largest falls in price over 24 hours, on the newest day.",
        """
with newest as (
    select fct.as_of_date, coin.coin_name, fct.price_change_percentage_24h
    from crypto.fct_coin_daily_metrics as fct
    inner join crypto.dim_coin as coin on fct.coin_key = coin.coin_key
    where fct.date_key = (select max(date_key) from crypto.fct_coin_daily_metrics)
        and fct.price_change_percentage_24h is not null
),

ranked as (
    select
        *,
        row_number() over (order by price_change_percentage_24h desc, coin_name) as rise_rank,
        row_number() over (order by price_change_percentage_24h, coin_name) as fall_rank
    from newest
)

select as_of_date, coin_name, price_change_percentage_24h
from ranked
where rise_rank <= 5 or fall_rank <= 5
order by price_change_percentage_24h desc
""",
        top_movers,
    ),
    Chart(
        "betting",
        "cover-and-total-rates",
        "Cover and over/under rates by league",
        "Settled games with a spread or a total: how often the favourite and the underdog covered, and how often "
        "the game went over or under the total (pushes count in neither).",
        """
with settled as (
    select
        league,
        game_date as as_of_date,
        case favorite_side when 'home' then home_covered when 'away' then not home_covered end as favourite_covered,
        total_result
    from betting.fct_game_odds
    where is_settled
)

select
    league,
    min(as_of_date) as from_date,
    max(as_of_date) as as_of_date,
    count(*) as games,
    avg(case when favourite_covered then 1.0 when not favourite_covered then 0.0 end) as favourite_cover_rate,
    avg(case when not favourite_covered then 1.0 when favourite_covered then 0.0 end) as underdog_cover_rate,
    avg(case total_result when 'over' then 1.0 when 'under' then 0.0 end) as over_rate,
    avg(case total_result when 'under' then 1.0 when 'over' then 0.0 end) as under_rate
from settled
group by league
order by league
""",
        betting_rates,
    ),
    Chart(
        "betting",
        "odds-calibration",
        "Odds calibration",
        "Settled games grouped by the favourite's no-vig implied probability (bins of 10 points): how often the "
        "favourite won. Points on the dotted line mean the market priced them right.",
        """
with favourites as (
    select
        game_date as as_of_date,
        greatest(home_no_vig_probability, away_no_vig_probability) as probability,
        favorite_won
    from betting.fct_game_odds
    where is_settled and favorite_won is not null and home_no_vig_probability is not null
)

select
    least(floor(probability * 10) / 10, 0.9) + 0.05 as implied_probability,
    min(as_of_date) as from_date,
    max(as_of_date) as as_of_date,
    count(*) as games,
    avg(case when favorite_won then 1.0 else 0.0 end) as win_rate
from favourites
group by 1
order by 1
""",
        odds_calibration,
    ),
    Chart(
        "media",
        "genre-popularity",
        "Genre popularity over time",
        "The average TMDb popularity of each genre's titles, for the eight genres with the most titles.",
        """
with title_genres as (
    select fct.as_of_date, genre.genre_name, fct.popularity
    from media.fct_title_daily_metrics as fct
    inner join media.bridge_title_genre as bridge
        on fct.media_type = bridge.media_type and fct.tmdb_id = bridge.tmdb_id
    inner join media.dim_genre as genre on bridge.genre_key = genre.genre_key
    where fct.popularity is not null
),

largest as (
    select genre_name from title_genres group by genre_name order by count(*) desc, genre_name limit 8
)

select as_of_date, genre_name, avg(popularity) as average_popularity, count(*) as titles
from title_genres
where genre_name in (select genre_name from largest)
group by all
order by as_of_date, genre_name
""",
        genre_popularity,
    ),
    Chart(
        "media",
        "trending-titles",
        "Trending titles",
        "Today's trending movies and shows on TMDb, by trending rank, with their popularity.",
        """
select fct.as_of_date, fct.trending_rank, title.title, fct.media_type, fct.popularity
from media.fct_title_daily_metrics as fct
inner join media.dim_title as title on fct.title_key = title.title_key
where fct.date_key = (select max(date_key) from media.fct_title_daily_metrics)
    and fct.is_trending
    and fct.popularity is not null
order by fct.trending_rank
limit 15
""",
        trending_titles,
    ),
    Chart(
        "media",
        "revenue-vs-budget",
        "Revenue vs budget",
        "Movies with a known budget and revenue on the newest day; above the dotted line they earned more than "
        "they cost.",
        """
select fct.as_of_date, title.title, fct.budget_usd, fct.revenue_usd
from media.fct_title_daily_metrics as fct
inner join media.dim_title as title on fct.title_key = title.title_key
where fct.date_key = (select max(date_key) from media.fct_title_daily_metrics)
    and fct.media_type = 'movie'
    and fct.budget_usd > 0
    and fct.revenue_usd > 0
order by fct.revenue_usd desc
""",
        revenue_vs_budget,
    ),
)
