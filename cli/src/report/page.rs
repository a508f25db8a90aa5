//! The what-if panel: its place on the page, and what the page's script opens — the engine
//! (WebAssembly), the formula and its scenarios, and the data — embedded compressed, so the
//! page needs nothing but itself.

use base64::Engine as _;
use flate2::Compression;
use flate2::write::GzEncoder;
use seni::error::{Error, Result};
use serde_json::json;
use std::io::Write;

/// The engine: `web/` compiled to WebAssembly (`bash web/build.sh`; CI checks it is a build of
/// the source).
const ENGINE: &[u8] = include_bytes!("../../../assets/seni.wasm");

/// No request may leave the page, and no script or style runs but the page's own: the script
/// and the style sheet are pinned by their SHA-256 hashes (no `'unsafe-inline'`), the engine is
/// compiled from bytes on the page and runs in a worker made from the script's own text, and
/// nothing may be fetched.
pub(super) fn csp(script: &str, style: &str) -> String {
    format!(
        "default-src 'none'; script-src '{}' 'wasm-unsafe-eval'; style-src '{}'; worker-src blob:; img-src data: blob:; connect-src 'none'; form-action 'none'; base-uri 'none'",
        sha256(script),
        sha256(style)
    )
}

/// The page's colours as CSS variables, from the charts' palette (gains, losses and the text
/// of losses, dark enough to read).
pub(super) fn palette_css() -> String {
    let p = seni::chart::palette::Palette::for_tiers(0);
    format!(":root {{ --up: {}; --down: {}; --down-text: {}; }}\n", p.up, p.down, p.down_text)
}

/// `sha256-` and the base64 of a text's SHA-256 digest, as a CSP source.
fn sha256(text: &str) -> String {
    use sha2::{Digest, Sha256};
    format!("sha256-{}", base64::engine::general_purpose::STANDARD.encode(Sha256::digest(text)))
}

/// What the what-if panel opens, as given to `seni report`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Shipped {
    /// A bundled formula's name (else `formula` holds the file).
    pub(crate) bundled: Option<String>,
    /// A formula file: its name and text.
    pub(crate) formula: Option<(String, String)>,
    /// Scenario files: name and text.
    pub(crate) scenarios: Vec<(String, String)>,
    /// Data files: the name the run shows and the bytes.
    pub(crate) data: Vec<(String, Vec<u8>)>,
    /// The command that reproduces a downloaded scenario, without `-s what-if.toml`.
    pub(crate) command: String,
}

/// The panel's frame; the page's script fills it once the engine is running. The results
/// have one polite live region (`#whatif-status`, one sentence per change); on paper the
/// panel is the current what-if: its changes in words, money by tier, gainers and losers.
pub(super) fn what_if() -> String {
    r#"<section id="whatif" aria-labelledby="whatif-h">
<h2 id="whatif-h">What if?</h2>
<p class="lead">Move a weight, change a budget or the tiers, and see the money move — computed on this page by seni's own engine, on this data. Nothing leaves your computer.</p>
<noscript><p class="note">The what-if panel needs JavaScript.</p></noscript>
<p id="whatif-starting" class="note">Starting the engine…</p>
<div id="whatif-app" hidden>
<div class="whatif-grid">
<form id="controls" aria-label="What-if settings"></form>
<div id="results">
<p id="run-line" class="meta"></p>
<p id="whatif-status" class="status" role="status" aria-live="polite"></p>
<div id="error" class="error" hidden></div>
<div id="link-problems" class="note" hidden></div>
<div id="live-changes-box" hidden><h3>Your changes</h3><ul id="live-changes"></ul></div>
<ul id="live-findings" class="headlines"></ul>
<h3>Money by tier</h3><div id="live-money"></div>
<h3>Who gains and who loses</h3><div id="live-movers"></div>
<div id="live-sections"></div>
<h3>How the money follows need</h3><div id="live-concentration"></div>
<div id="live-map-box"><h3 id="live-map-title">Where they are</h3><div id="live-map"></div></div>
<div id="school" hidden></div>
</div>
</div>
<div class="actions">
<button type="button" id="print">Print this what-if</button>
<button type="button" id="save-page">Save this what-if</button>
<button type="button" id="copy-link">Copy link</button>
<button type="button" id="download-scenario">Download scenario</button>
<button type="button" id="download-csv">Download CSV</button>
<button type="button" id="reset">Back to the formula as shipped</button>
</div>
<p id="share-fallback" hidden><label for="share-text">The link's changes, to copy</label> <input type="text" id="share-text" readonly></p>
<p id="reproduce" class="note"></p>
<details id="own-data"><summary>Use your own data</summary>
<p class="note">Choose a CSV file (and, if you have one, a formula .toml). They are read here, in your browser; nothing is sent anywhere. The whole page then tells your data's story.</p>
<p><label for="own-csv">Data (CSV)</label> <input type="file" id="own-csv" accept=".csv,text/csv" multiple></p>
<p><label for="own-formula">Formula (optional, .toml)</label> <input type="file" id="own-formula" accept=".toml"></p>
<p><button type="button" id="own-open">Open</button> <span id="own-status" class="note"></span></p>
</details>
</div>
</section>
"#
    .to_string()
}

/// The engine, the formula, the scenarios and the data, as script blocks the page reads.
pub(super) fn payload(shipped: &Shipped) -> Result<String> {
    let data: Vec<serde_json::Value> = shipped
        .data
        .iter()
        .map(|(name, bytes)| Ok(json!({ "name": name, "gz": gz64(bytes)? })))
        .collect::<Result<_>>()?;
    let text = |(name, text): &(String, String)| json!({ "name": name, "text": text });
    let boot = json!({
        "bundled": shipped.bundled,
        "formula": shipped.formula.as_ref().map(text),
        "scenarios": shipped.scenarios.iter().map(text).collect::<Vec<_>>(),
        "data": data,
        "command": shipped.command,
    });
    // `<` never appears raw inside the script blocks, so no text can close them.
    let boot = boot.to_string().replace('<', "\\u003c");
    Ok(format!(
        "<script type=\"application/json\" id=\"seni-boot\">{boot}</script>\n<script type=\"application/octet-stream\" id=\"seni-engine\">{}</script>\n",
        gz64(ENGINE)?
    ))
}

/// Bytes gzip-compressed, then base64 (the page inflates them with the browser's own
/// DecompressionStream).
fn gz64(bytes: &[u8]) -> Result<String> {
    let fail = |e: std::io::Error| Error::io("the report page", e, "");
    let mut enc = GzEncoder::new(Vec::new(), Compression::best());
    enc.write_all(bytes).map_err(fail)?;
    let gz = enc.finish().map_err(fail)?;
    Ok(base64::engine::general_purpose::STANDARD.encode(gz))
}
