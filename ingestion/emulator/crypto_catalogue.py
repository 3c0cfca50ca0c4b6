"""The crypto emulator's world as of day one (2025-01-01): 60 coins, 21 listed categories and 20 exchanges.

Ids, symbols, names, hashing algorithms, genesis dates, homepages, token contracts and categories follow CoinGecko
as far as we know it; prices, supplies, volumes, sentiment and developer figures are our own round numbers of the
right order of magnitude. What changes on day two lives in `crypto_days`.
"""

from __future__ import annotations

from dataclasses import dataclass

# Category names as CoinGecko spells them in /coins/{id} `categories`.
LAYER_1 = "Layer 1 (L1)"
SMART_CONTRACTS = "Smart Contract Platform"
STABLECOINS = "Stablecoins"
USD_STABLECOIN = "USD Stablecoin"
MEME = "Meme"
DEFI = "Decentralized Finance (DeFi)"
PROOF_OF_WORK = "Proof of Work (PoW)"
PROOF_OF_STAKE = "Proof of Stake (PoS)"
LAYER_2 = "Layer 2 (L2)"
RWA = "Real World Assets (RWA)"
EXCHANGE_TOKENS = "Exchange-based Tokens"
ORACLE = "Oracle"
GAMING = "Gaming (GameFi)"
METAVERSE = "Metaverse"
PRIVACY = "Privacy Coins"
AI = "Artificial Intelligence (AI)"
ZERO_KNOWLEDGE = "Zero Knowledge (ZK)"
GOVERNANCE = "Governance"
ETHEREUM_ECOSYSTEM = "Ethereum Ecosystem"
CRYPTOCURRENCY = "Cryptocurrency"
TOKENIZED_GOLD = "Tokenized Gold"
# Coins carry it (bitcoin does in the real capture) but /coins/categories does not list it.
FTX_HOLDINGS = "FTX Holdings"

# /coins/categories: (id, name, content). Tokenized Gold has no coin in our set, so CoinGecko has no figures for it.
CATEGORIES: tuple[tuple[str, str, str], ...] = (
    ("layer-1", LAYER_1, "Layer 1 blockchains secure their own network."),
    ("smart-contract-platform", SMART_CONTRACTS, "Blockchains that run general-purpose smart contracts."),
    ("stablecoins", STABLECOINS, ""),
    ("usd-stablecoin", USD_STABLECOIN, "Stablecoins pegged to the US dollar."),
    ("meme-token", MEME, ""),
    ("decentralized-finance-defi", DEFI, "Lending, trading and yield without intermediaries."),
    ("proof-of-work-pow", PROOF_OF_WORK, ""),
    ("proof-of-stake-pos", PROOF_OF_STAKE, ""),
    ("layer-2", LAYER_2, "Networks that settle on a Layer 1."),
    ("real-world-assets-rwa", RWA, "Tokens that represent off-chain assets."),
    ("exchange-based-tokens", EXCHANGE_TOKENS, ""),
    ("oracle", ORACLE, "Services that bring off-chain data on-chain."),
    ("gaming", GAMING, ""),
    ("metaverse", METAVERSE, ""),
    ("privacy-coins", PRIVACY, ""),
    ("artificial-intelligence", AI, ""),
    ("zero-knowledge-zk", ZERO_KNOWLEDGE, ""),
    ("governance", GOVERNANCE, ""),
    ("ethereum-ecosystem", ETHEREUM_ECOSYSTEM, ""),
    ("cryptocurrency", CRYPTOCURRENCY, ""),
    ("tokenized-gold", TOKENIZED_GOLD, "Tokens backed by physical gold."),
)


@dataclass(frozen=True)
class Coin:
    id: str
    symbol: str
    name: str
    # USD price at the day-one snapshot.
    price: float
    # 0 when CoinGecko knows no circulating supply: it then reports market cap 0 and no rank.
    circulating: float
    total: float | None
    max: float | None
    categories: tuple[str, ...]
    hashing: str | None = None
    genesis: str | None = None
    # "" makes every homepage slot an empty string, as CoinGecko sends for coins without a site.
    homepage: str = ""
    # (asset platform id, contract address) for tokens; native coins send the {"": ""} placeholder.
    platform: tuple[str, str] | None = None
    github: str | None = None
    # None: nobody voted (stablecoins), CoinGecko then sends null for both percentages.
    sentiment_up: float | None = None
    # Ethereum and a few ICO-era coins carry a return-on-investment object; everything else sends null.
    roi: tuple[float, str] | None = None

    @property
    def is_stablecoin(self) -> bool:
        return STABLECOINS in self.categories


ETH = "ethereum"

# One call per coin, laid out by hand as a table; market-cap order on day one is computed, not assumed.
# fmt: off
COINS: tuple[Coin, ...] = (
    Coin("bitcoin", "btc", "Bitcoin", 93_450, 19_806_000, 21_000_000, 21_000_000,
         (FTX_HOLDINGS, CRYPTOCURRENCY, PROOF_OF_WORK, LAYER_1), "SHA-256", "2009-01-03", "http://www.bitcoin.org",
         github="https://github.com/bitcoin/bitcoin", sentiment_up=84.07),
    Coin("ethereum", "eth", "Ethereum", 3_332.5, 120_470_000, 120_470_000, None,
         (SMART_CONTRACTS, LAYER_1, ETHEREUM_ECOSYSTEM, FTX_HOLDINGS), "Ethash", "2015-07-30",
         "https://www.ethereum.org/", github="https://github.com/ethereum/go-ethereum", sentiment_up=79.4,
         roi=(46.71, "btc")),
    Coin("tether", "usdt", "Tether", 0.9996, 137_500_000_000, 137_500_000_000, None,
         (STABLECOINS, USD_STABLECOIN, ETHEREUM_ECOSYSTEM), homepage="https://tether.to/",
         platform=(ETH, "0xdac17f958d2ee523a2206206994597c13d831ec7")),
    Coin("ripple", "xrp", "XRP", 2.0812, 57_500_000_000, 99_986_000_000, 100_000_000_000,
         (LAYER_1, CRYPTOCURRENCY), homepage="https://xrpl.org/", github="https://github.com/XRPLF/rippled",
         sentiment_up=72.3),
    Coin("binancecoin", "bnb", "BNB", 703.1, 144_000_000, 144_000_000, 200_000_000,
         (SMART_CONTRACTS, LAYER_1, EXCHANGE_TOKENS), genesis="2017-07-08", homepage="https://www.bnbchain.org/en",
         github="https://github.com/bnb-chain/bsc", sentiment_up=81.0),
    Coin("solana", "sol", "Solana", 189.3, 481_000_000, 592_000_000, None,
         (SMART_CONTRACTS, LAYER_1, FTX_HOLDINGS), genesis="2020-03-16", homepage="https://solana.com/",
         github="https://github.com/solana-labs/solana", sentiment_up=83.5),
    Coin("usd-coin", "usdc", "USDC", 1.0001, 43_900_000_000, 43_900_000_000, None,
         (STABLECOINS, USD_STABLECOIN, ETHEREUM_ECOSYSTEM), homepage="https://www.circle.com/en/usdc",
         platform=(ETH, "0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48")),
    Coin("dogecoin", "doge", "Dogecoin", 0.3161, 147_600_000_000, 147_600_000_000, None,
         (MEME, PROOF_OF_WORK, LAYER_1), "Scrypt", "2013-12-08", "https://dogecoin.com/",
         github="https://github.com/dogecoin/dogecoin", sentiment_up=78.2),
    Coin("cardano", "ada", "Cardano", 0.8512, 35_130_000_000, 45_000_000_000, 45_000_000_000,
         (SMART_CONTRACTS, LAYER_1, PROOF_OF_STAKE), "Ouroboros", "2017-09-23", "https://cardano.org/",
         github="https://github.com/IntersectMBO/cardano-node", sentiment_up=80.6),
    Coin("tron", "trx", "TRON", 0.2541, 86_150_000_000, 86_150_000_000, None,
         (SMART_CONTRACTS, LAYER_1), genesis="2017-09-13", homepage="https://tron.network/",
         github="https://github.com/tronprotocol/java-tron", sentiment_up=77.0),
    Coin("chainlink", "link", "Chainlink", 20.05, 638_100_000, 1_000_000_000, 1_000_000_000,
         (ORACLE, ETHEREUM_ECOSYSTEM), homepage="https://chain.link/",
         platform=(ETH, "0x514910771af9ca656af840dff83e8264ecf986ca"),
         github="https://github.com/smartcontractkit/chainlink", sentiment_up=85.2),
    Coin("avalanche-2", "avax", "Avalanche", 36.42, 411_000_000, 452_000_000, 720_000_000,
         (SMART_CONTRACTS, LAYER_1), genesis="2020-09-21", homepage="https://www.avax.network/",
         github="https://github.com/ava-labs/avalanchego", sentiment_up=82.0),
    Coin("the-open-network", "ton", "Toncoin", 5.48, 2_560_000_000, 5_140_000_000, None,
         (SMART_CONTRACTS, LAYER_1), homepage="https://ton.org/", github="https://github.com/ton-blockchain/ton",
         sentiment_up=76.5),
    Coin("shiba-inu", "shib", "Shiba Inu", 0.00002118, 589_250_000_000_000, 589_530_000_000_000, None,
         (MEME, ETHEREUM_ECOSYSTEM), homepage="https://shib.io/",
         platform=(ETH, "0x95ad61b0a150d79219dcf64e1e6cc01f0b64c4ce"), sentiment_up=74.0),
    Coin("stellar", "xlm", "Stellar", 0.3371, 30_400_000_000, 50_001_800_000, 50_001_800_000,
         (SMART_CONTRACTS, LAYER_1), homepage="https://www.stellar.org/",
         github="https://github.com/stellar/stellar-core", sentiment_up=79.0),
    Coin("sui", "sui", "Sui", 4.11, 2_980_000_000, 10_000_000_000, 10_000_000_000,
         (SMART_CONTRACTS, LAYER_1), genesis="2023-05-03", homepage="https://sui.io/",
         github="https://github.com/MystenLabs/sui", sentiment_up=86.0),
    Coin("hedera-hashgraph", "hbar", "Hedera", 0.2789, 38_200_000_000, 50_000_000_000, 50_000_000_000,
         (SMART_CONTRACTS, LAYER_1), homepage="https://hedera.com/",
         github="https://github.com/hashgraph/hedera-services", sentiment_up=81.0),
    Coin("polkadot", "dot", "Polkadot", 6.68, 1_540_000_000, 1_540_000_000, None,
         (SMART_CONTRACTS, LAYER_1, PROOF_OF_STAKE), genesis="2020-05-26", homepage="https://polkadot.network/",
         github="https://github.com/paritytech/polkadot-sdk", sentiment_up=77.5),
    Coin("bitcoin-cash", "bch", "Bitcoin Cash", 434.8, 19_810_000, 21_000_000, 21_000_000,
         (PROOF_OF_WORK, LAYER_1, CRYPTOCURRENCY), "SHA-256", "2017-08-01", "https://bch.info",
         github="https://github.com/bitcoin-cash-node/bitcoin-cash-node", sentiment_up=70.0),
    Coin("litecoin", "ltc", "Litecoin", 101.2, 75_350_000, 84_000_000, 84_000_000,
         (PROOF_OF_WORK, LAYER_1, CRYPTOCURRENCY), "Scrypt", "2011-10-07", "https://litecoin.org/",
         github="https://github.com/litecoin-project/litecoin", sentiment_up=80.2, roi=(3.12, "usd")),
    Coin("uniswap", "uni", "Uniswap", 13.21, 600_500_000, 1_000_000_000, 1_000_000_000,
         (DEFI, GOVERNANCE, ETHEREUM_ECOSYSTEM), homepage="https://uniswap.org/",
         platform=(ETH, "0x1f9840a85d5af5bf1d1762f925bdaddc4201f984"), github="https://github.com/Uniswap/v3-core",
         sentiment_up=79.8),
    Coin("ondo-finance", "ondo", "Ondo", 1.93, 1_388_000_000, 10_000_000_000, 10_000_000_000,
         (RWA, DEFI, ETHEREUM_ECOSYSTEM), homepage="https://ondo.finance/",
         platform=(ETH, "0xfaba6f8e4a5e8ab82f62fe7c39859fa577269be3"), sentiment_up=83.0),
    Coin("pepe", "pepe", "Pepe", 0.00001731, 420_690_000_000_000, 420_690_000_000_000, 420_690_000_000_000,
         (MEME, ETHEREUM_ECOSYSTEM), homepage="https://www.pepe.vip/",
         platform=(ETH, "0x6982508145454ce325ddbe47a25d4ec3d2311933"), sentiment_up=75.0),
    Coin("near", "near", "NEAR Protocol", 5.02, 1_210_000_000, 1_230_000_000, None,
         (SMART_CONTRACTS, LAYER_1, AI), homepage="https://near.org/", github="https://github.com/near/nearcore",
         sentiment_up=82.5),
    Coin("aptos", "apt", "Aptos", 8.71, 560_000_000, 1_130_000_000, None,
         (SMART_CONTRACTS, LAYER_1), genesis="2022-10-12", homepage="https://aptosfoundation.org/",
         github="https://github.com/aptos-labs/aptos-core", sentiment_up=80.0),
    Coin("internet-computer", "icp", "Internet Computer", 10.02, 473_000_000, 519_000_000, None,
         (SMART_CONTRACTS, LAYER_1, AI), homepage="https://internetcomputer.org/",
         github="https://github.com/dfinity/ic", sentiment_up=78.0),
    Coin("dai", "dai", "Dai", 0.9998, 5_360_000_000, 5_360_000_000, None,
         (STABLECOINS, USD_STABLECOIN, DEFI, ETHEREUM_ECOSYSTEM), homepage="https://makerdao.com/",
         platform=(ETH, "0x6b175474e89094c44da98b954eedeac495271d0f"), github="https://github.com/makerdao/dss"),
    Coin("ethereum-classic", "etc", "Ethereum Classic", 25.71, 150_100_000, 210_700_000, 210_700_000,
         (SMART_CONTRACTS, PROOF_OF_WORK, LAYER_1), "Etchash", "2016-07-20", "https://ethereumclassic.org/",
         github="https://github.com/etclabscore/core-geth", sentiment_up=73.0),
    Coin("monero", "xmr", "Monero", 195.4, 18_440_000, 18_440_000, None,
         (PRIVACY, PROOF_OF_WORK, LAYER_1), "RandomX", "2014-04-18", "https://www.getmonero.org/",
         github="https://github.com/monero-project/monero", sentiment_up=85.0),
    Coin("matic-network", "matic", "Polygon", 0.4512, 9_300_000_000, 10_000_000_000, 10_000_000_000,
         (SMART_CONTRACTS, LAYER_2, ZERO_KNOWLEDGE, ETHEREUM_ECOSYSTEM), homepage="https://polygon.technology/",
         platform=(ETH, "0x7d1afa7b718fb893db30a3abc0cfc608aacfebb0"), github="https://github.com/maticnetwork/bor",
         sentiment_up=77.0),
    Coin("render-token", "render", "Render", 7.12, 517_000_000, 532_000_000, 644_000_000,
         (AI, ETHEREUM_ECOSYSTEM), homepage="https://rendernetwork.com/",
         platform=(ETH, "0x6de037ef9ad2725eb40118bb1702ebb27e4aeb24"), sentiment_up=82.0),
    Coin("cosmos", "atom", "Cosmos Hub", 6.43, 390_900_000, 390_900_000, None,
         (SMART_CONTRACTS, LAYER_1, PROOF_OF_STAKE), genesis="2019-03-14", homepage="https://cosmos.network/",
         github="https://github.com/cosmos/gaia", sentiment_up=76.0),
    Coin("okb", "okb", "OKB", 51.02, 60_000_000, 300_000_000, 300_000_000,
         (EXCHANGE_TOKENS, ETHEREUM_ECOSYSTEM), homepage="https://www.okx.com/",
         platform=(ETH, "0x75231f58b43240c9718dd58b4967c5114342a86c"), sentiment_up=72.0),
    Coin("filecoin", "fil", "Filecoin", 4.98, 605_000_000, 1_960_000_000, 1_960_000_000,
         (LAYER_1, CRYPTOCURRENCY), homepage="https://filecoin.io/",
         github="https://github.com/filecoin-project/lotus", sentiment_up=74.0),
    Coin("arbitrum", "arb", "Arbitrum", 0.7601, 4_320_000_000, 10_000_000_000, 10_000_000_000,
         (LAYER_2, GOVERNANCE, ETHEREUM_ECOSYSTEM), homepage="https://arbitrum.foundation/",
         platform=(ETH, "0xb50721bcf8d664c30412cfbc6cf7a15145234ad1"), github="https://github.com/OffchainLabs/nitro",
         sentiment_up=80.0),
    Coin("vechain", "vet", "VeChain", 0.0451, 80_985_000_000, 85_985_000_000, 86_712_634_466,
         (SMART_CONTRACTS, LAYER_1), genesis="2017-08-22", homepage="https://www.vechain.org/",
         github="https://github.com/vechain/thor", sentiment_up=79.5),
    Coin("optimism", "op", "Optimism", 1.79, 1_330_000_000, 4_290_000_000, 4_290_000_000,
         (LAYER_2, GOVERNANCE, ETHEREUM_ECOSYSTEM), homepage="https://www.optimism.io/",
         platform=("optimistic-ethereum", "0x4200000000000000000000000000000000000042"),
         github="https://github.com/ethereum-optimism/optimism", sentiment_up=78.0),
    Coin("injective-protocol", "inj", "Injective", 20.61, 97_700_000, 100_000_000, 100_000_000,
         (DEFI, LAYER_1), homepage="https://injective.com/", github="https://github.com/InjectiveLabs/injective-core",
         sentiment_up=83.0),
    Coin("stacks", "stx", "Stacks", 1.54, 1_510_000_000, 1_818_000_000, 1_818_000_000,
         (SMART_CONTRACTS, LAYER_2), homepage="https://www.stacks.co/",
         github="https://github.com/stacks-network/stacks-core", sentiment_up=79.0),
    Coin("fantom", "ftm", "Fantom", 0.7112, 2_800_000_000, 3_175_000_000, 3_175_000_000,
         (SMART_CONTRACTS, LAYER_1), homepage="https://fantom.foundation/",
         github="https://github.com/Fantom-foundation/go-opera", sentiment_up=76.5),
    Coin("the-graph", "grt", "The Graph", 0.1891, 9_550_000_000, 10_800_000_000, 10_800_000_000,
         (AI, ETHEREUM_ECOSYSTEM), homepage="https://thegraph.com/",
         platform=(ETH, "0xc944e90c64b2c07662a292be6244bdf05cda44a7"),
         github="https://github.com/graphprotocol/graph-node", sentiment_up=81.0),
    Coin("theta-token", "theta", "Theta Network", 2.12, 1_000_000_000, 1_000_000_000, 1_000_000_000,
         (SMART_CONTRACTS, LAYER_1), homepage="https://www.thetatoken.org/",
         github="https://github.com/thetatoken/theta-protocol-ledger", sentiment_up=75.0),
    Coin("algorand", "algo", "Algorand", 0.3612, 8_290_000_000, 10_000_000_000, 10_000_000_000,
         (SMART_CONTRACTS, LAYER_1, PROOF_OF_STAKE), genesis="2019-06-20",
         homepage="https://algorandtechnologies.com/", github="https://github.com/algorand/go-algorand",
         sentiment_up=77.0),
    Coin("aave", "aave", "Aave", 313.5, 15_050_000, 16_000_000, 16_000_000,
         (DEFI, GOVERNANCE, ETHEREUM_ECOSYSTEM), homepage="https://aave.com/",
         platform=(ETH, "0x7fc66500c84a76ad7e9c93437bfc5ac33e2ddae9"), github="https://github.com/aave/aave-v3-core",
         sentiment_up=84.0),
    Coin("maker", "mkr", "Maker", 1_371.0, 879_000, 1_006_000, 1_005_577,
         (DEFI, GOVERNANCE, ETHEREUM_ECOSYSTEM), homepage="https://makerdao.com/",
         platform=(ETH, "0x9f8f72aa9304c8b593d555f12ef6589cc3a579a2"), github="https://github.com/makerdao/mkr",
         sentiment_up=78.0),
    Coin("lido-dao", "ldo", "Lido DAO", 1.81, 895_000_000, 1_000_000_000, None,
         (DEFI, GOVERNANCE, ETHEREUM_ECOSYSTEM), homepage="https://lido.fi/",
         platform=(ETH, "0x5a98fcbea516cf06857215779fd812ca3bef1b32"), github="https://github.com/lidofinance/lido-dao",
         sentiment_up=76.0),
    Coin("immutable-x", "imx", "Immutable", 1.29, 1_720_000_000, 2_000_000_000, 2_000_000_000,
         (GAMING, LAYER_2, ETHEREUM_ECOSYSTEM), homepage="https://www.immutable.com/",
         platform=(ETH, "0xf57e7e7c23978c3caec3c3548e3d615c346e79ff"), sentiment_up=80.0),
    Coin("bittensor", "tao", "Bittensor", 458.2, 7_720_000, 21_000_000, 21_000_000,
         (AI, LAYER_1), genesis="2021-01-03", homepage="https://bittensor.com/",
         github="https://github.com/opentensor/subtensor", sentiment_up=87.0),
    Coin("kaspa", "kas", "Kaspa", 0.1112, 25_660_000_000, None, 28_704_026_601,
         (PROOF_OF_WORK, LAYER_1), "kHeavyHash", "2021-11-07", "https://kaspa.org/",
         github="https://github.com/kaspanet/rusty-kaspa", sentiment_up=88.0),
    Coin("first-digital-usd", "fdusd", "First Digital USD", 0.9989, 1_950_000_000, 1_950_000_000, None,
         (STABLECOINS, USD_STABLECOIN), homepage="https://firstdigitallabs.com/",
         platform=(ETH, "0xc5f0f7b66764f6ec8c8dff7ba683102295e16409")),
    Coin("ethena-usde", "usde", "Ethena USDe", 0.9992, 5_800_000_000, 5_800_000_000, None,
         (STABLECOINS, USD_STABLECOIN, DEFI), homepage="https://ethena.fi/",
         platform=(ETH, "0x4c9edd5852cd905f086c759e8383e09bff1e68b3")),
    Coin("the-sandbox", "sand", "The Sandbox", 0.5904, 2_420_000_000, 3_000_000_000, 3_000_000_000,
         (GAMING, METAVERSE, ETHEREUM_ECOSYSTEM), homepage="https://www.sandbox.game/",
         platform=(ETH, "0x3845badade8e6dff049820680d1f14bd3903a5d0"), sentiment_up=73.0),
    Coin("decentraland", "mana", "Decentraland", 0.4811, 1_970_000_000, 2_190_000_000, None,
         (GAMING, METAVERSE, ETHEREUM_ECOSYSTEM), homepage="https://decentraland.org/",
         platform=(ETH, "0x0f5d2fb29fb7d3cfee444a200298f468908cc942"), sentiment_up=71.0),
    Coin("axie-infinity", "axs", "Axie Infinity", 6.22, 155_000_000, 270_000_000, 270_000_000,
         (GAMING, ETHEREUM_ECOSYSTEM), homepage="https://axieinfinity.com/",
         platform=(ETH, "0xbb0e17ef65f82ab018d8edd776e8dd940327b28b"), sentiment_up=72.5),
    Coin("eos", "eos", "EOS", 0.7934, 1_530_000_000, 1_530_000_000, None,
         (SMART_CONTRACTS, LAYER_1), genesis="2017-06-26", homepage="https://eosnetwork.com/",
         github="https://github.com/AntelopeIO/leap", sentiment_up=69.0),
    Coin("tezos", "xtz", "Tezos", 1.26, 1_030_000_000, 1_050_000_000, None,
         (SMART_CONTRACTS, LAYER_1, PROOF_OF_STAKE), genesis="2018-06-30", homepage="https://tezos.com/",
         github="https://github.com/tezos/tezos-mirror", sentiment_up=74.5),
    Coin("flow", "flow", "Flow", 0.7411, 1_560_000_000, 1_560_000_000, None,
         (SMART_CONTRACTS, LAYER_1, GAMING), homepage="https://flow.com/",
         github="https://github.com/onflow/flow-go", sentiment_up=70.5),
    Coin("neo", "neo", "NEO", 13.84, 70_530_000, 100_000_000, 100_000_000,
         (SMART_CONTRACTS, LAYER_1), genesis="2016-10-17", homepage="https://neo.org/",
         github="https://github.com/neo-project/neo", sentiment_up=73.5),
    Coin("zcash", "zec", "Zcash", 55.2, 16_300_000, 16_300_000, 21_000_000,
         (PRIVACY, PROOF_OF_WORK), "Equihash", "2016-10-28", "https://z.cash/",
         github="https://github.com/zcash/zcash", sentiment_up=79.0),
    Coin("hyperliquid", "hype", "Hyperliquid", 24.2, 0, None, None, (DEFI, LAYER_1)),
)
# fmt: on

# Markets and charts quote in these currencies (units of the currency per US dollar); others answer 400.
FIAT_PER_USD: dict[str, float] = {"usd": 1.0, "eur": 0.9602, "gbp": 0.7985, "jpy": 157.2}


@dataclass(frozen=True)
class Exchange:
    id: str
    name: str
    year_established: int | None
    country: str | None
    url: str
    # Day-one trust score (None: CoinGecko has not scored it) and trust-score rank.
    trust_score: int | None
    trust_score_rank: int
    # 24 h trade volume in BTC on day one; the normalized figure discounts suspected wash trading.
    volume_btc: float
    normalized_share: float
    description: str = ""
    image_id: int = 0


# fmt: off
EXCHANGES: tuple[Exchange, ...] = (
    Exchange("binance", "Binance", 2017, "Cayman Islands", "https://www.binance.com/", 10, 1, 182_450.5, 0.88,
             "Binance is the largest exchange by trading volume.", 52),
    Exchange("bybit_spot", "Bybit", 2018, "British Virgin Islands", "https://www.bybit.com", 10, 2, 51_075.6, 0.935,
             "Bybit is a cryptocurrency exchange with an ultra-fast matching engine.", 698),
    Exchange("gdax", "Coinbase Exchange", 2012, "United States", "https://www.coinbase.com/", 10, 3, 37_443.7, 1.0,
             "", 23),
    Exchange("okex", "OKX", 2017, "Seychelles", "https://www.okx.com", 10, 4, 30_210.2, 0.91, "", 96),
    Exchange("kraken", "Kraken", 2011, "United States", "https://www.kraken.com/", 10, 5, 12_804.9, 1.0,
             "Kraken is a US exchange founded in 2011.", 29),
    Exchange("bitget", "Bitget", 2018, "Seychelles", "https://www.bitget.com/", 10, 6, 25_112.0, 0.82, "", 540),
    Exchange("kucoin", "KuCoin", 2014, "Seychelles", "https://www.kucoin.com/", 10, 7, 11_902.3, 0.87, "", 61),
    Exchange("gate", "Gate.io", 2013, "Cayman Islands", "https://gate.io/", 10, 8, 14_450.8, 0.79, "", 60),
    Exchange("crypto_com", "Crypto.com Exchange", 2019, "Cayman Islands", "https://crypto.com/exchange", 10, 9,
             16_230.1, 0.84, "", 589),
    Exchange("huobi", "Huobi", 2013, "Seychelles", "https://www.htx.com/", 9, 10, 9_861.4, 0.76, "", 25),
    Exchange("mxc", "MEXC", 2018, "Seychelles", "https://www.mexc.com/", 9, 11, 13_207.7, 0.71, "", 409),
    Exchange("bitfinex", "Bitfinex", 2014, "British Virgin Islands", "https://www.bitfinex.com", 9, 12, 1_870.2,
             1.0, "", 4),
    Exchange("bitstamp", "Bitstamp", 2011, "Luxembourg", "https://www.bitstamp.net/", 9, 13, 1_230.4, 1.0, "", 9),
    Exchange("gemini", "Gemini", 2015, "United States", "https://gemini.com/", 9, 14, 640.3, 1.0, "", 50),
    Exchange("upbit", "Upbit", 2017, "South Korea", "https://upbit.com/", 8, 15, 21_008.6, 0.97, "", 117),
    Exchange("bithumb", "Bithumb", 2014, "South Korea", "https://www.bithumb.com/", 8, 16, 6_420.0, 0.95, "", 6),
    Exchange("binance_us", "Binance.US", 2019, "United States", "https://www.binance.us/", 8, 17, 310.9, 1.0, "",
             469),
    Exchange("bingx", "BingX", 2018, "Singapore", "https://bingx.com/", 7, 18, 3_870.4, 0.66, "", 812),
    Exchange("lbank", "LBank", 2015, None, "https://www.lbank.com/", 6, 19, 8_240.1, 0.41, "", 118),
    Exchange("whitebit", "WhiteBIT", None, "Lithuania", "https://whitebit.com/", None, 20, 4_990.7, 0.52, "", 418),
)
# fmt: on


@dataclass(frozen=True)
class TrendingOutsider:
    """A coin people search for that is not among our 60: /search/trending names it, no other endpoint knows it."""

    id: str
    # CoinGecko's internal number for the coin (the `coin_id` of a trending item, also in its image URLs).
    number: int
    symbol: str
    name: str
    market_cap_rank: int
    price: float
    market_cap: int
    total_volume: int
    change_24h: float


# Invented ids, so they can never clash with a coin of the catalogue.
TRENDING_OUTSIDERS: tuple[TrendingOutsider, ...] = (
    TrendingOutsider("moonpup-inu", 52_417, "MPUP", "MoonPup Inu", 412, 0.0003187, 118_402_771, 41_260_335, 38.6),
    TrendingOutsider("gridlock-ai", 53_905, "GRID", "Gridlock AI", 167, 0.8124, 731_552_310, 96_884_102, 21.4),
)
