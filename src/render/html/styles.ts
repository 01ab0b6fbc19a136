// The site's one stylesheet, inlined in every page: no external resources, dark mode, print.
// Colours are chosen for WCAG AA contrast (4.5:1 or better for text) on their background in both schemes.
// Long words and URLs wrap anywhere, so no page scrolls sideways at 375px. Wide tables in article bodies wrap their
// cells rather than scroll: a scrolling box needs a keyboard stop (tabindex) that the sanitised body cannot carry.
export const STYLES = `
:root{color-scheme:light dark;--fg:#1b1b1b;--muted:#595959;--bg:#fdfdfb;--rule:#d9d9d4;--link:#0b4f8a;--visited:#5b2a86;--accent:#8a1c1c;--focus:#0b4f8a;--code:#f1f1ec;--hl-comment:#595959;--hl-keyword:#7a1f6b;--hl-string:#1f5f1f;--hl-number:#8a4b00;--hl-title:#0b4f8a}
@media (prefers-color-scheme:dark){:root{--fg:#ececec;--muted:#b3b3b3;--bg:#141414;--rule:#3a3a3a;--link:#8cc4ff;--visited:#d2b0ff;--accent:#ff9a8a;--focus:#8cc4ff;--code:#1f1f1f;--hl-comment:#a8a8a8;--hl-keyword:#ff9ad5;--hl-string:#9fe29f;--hl-number:#f5b873;--hl-title:#8cc4ff}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:1.0625rem/1.6 Georgia,"Times New Roman",serif;overflow-wrap:break-word;overflow-wrap:anywhere}
a{color:var(--link);text-underline-offset:.15em}
a:visited{color:var(--visited)}
a:focus-visible{outline:2px solid var(--focus);outline-offset:2px}
.skip{position:absolute;left:-9999px;top:0}
.skip:focus{left:1rem;top:.5rem;z-index:1;padding:.5rem .75rem;background:var(--bg);color:var(--link)}
.vh{position:absolute!important;width:1px;height:1px;margin:-1px;padding:0;border:0;overflow:hidden;clip:rect(0 0 0 0);clip-path:inset(50%);white-space:nowrap}
header.site,footer.site,main{max-width:42rem;margin:0 auto;padding:0 1rem}
header.site{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:baseline;justify-content:space-between;border-bottom:1px solid var(--rule);padding-top:1rem;padding-bottom:.5rem}
header.site .brand{font-weight:bold;font-size:1.4rem;color:var(--fg);text-decoration:none}
header.site nav{display:flex;flex-wrap:wrap;gap:.25rem 1rem;font-family:system-ui,sans-serif;font-size:.95rem}
header.site nav a[aria-current]{color:var(--fg);text-decoration-thickness:2px}
footer.site{border-top:1px solid var(--rule);margin-top:3rem;color:var(--muted);font-size:.9rem}
h1,h2,h3{line-height:1.25;text-wrap:balance}
h1{font-size:clamp(1.6rem,1.2rem + 2vw,2.25rem);margin:1.5rem 0 .75rem}
h2{font-size:1.35rem;margin:2rem 0 .75rem}
h3{font-size:1.15rem;margin:0 0 .25rem}
.lede{font-size:1.15rem;color:var(--muted)}
.meta,.feeds,.note,.source{color:var(--muted);font-family:system-ui,sans-serif;font-size:.9rem}
.feeds a,.source a{font-weight:600}
ul.inline{list-style:none;padding:0;margin:0;display:inline-flex;flex-wrap:wrap;gap:.15rem .9rem}
ol.articles,ul.topic-list{list-style:none;padding:0;margin:0}
ol.articles>li,ul.topic-list>li{margin:0 0 1.25rem;padding:0 0 1.25rem;border-bottom:1px solid var(--rule)}
ol.articles>li:last-child,ul.topic-list>li:last-child{border-bottom:0}
ol.articles p,ul.topic-list p{margin:.25rem 0}
ul.topic-list h2{font-size:1.2rem;margin:0 0 .25rem}
ul.counts{padding-left:1.25rem}
.story header{margin-bottom:1.5rem}
.story .byline{font-weight:bold;margin:.25rem 0}
.story .body{hyphens:auto}
.story .body img,.story .body video,.story .body svg,.story .body iframe{max-width:100%;height:auto}
.story .body iframe{display:block;width:100%;height:auto;aspect-ratio:16/9;border:0;margin:1rem 0}
.story .body pre{white-space:pre;overflow-x:auto;tab-size:4;padding:.75rem 1rem;border:1px solid var(--rule);border-radius:.25rem;background:var(--code)}
.story .body code{font:.9em/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.hljs-comment,.hljs-quote{color:var(--hl-comment);font-style:italic}
.hljs-keyword,.hljs-selector-tag,.hljs-built_in,.hljs-literal,.hljs-type,.hljs-meta{color:var(--hl-keyword)}
.hljs-string,.hljs-regexp,.hljs-symbol,.hljs-attr,.hljs-template-variable{color:var(--hl-string)}
.hljs-number,.hljs-variable,.hljs-params{color:var(--hl-number)}
.hljs-title,.hljs-section,.hljs-name,.hljs-function{color:var(--hl-title)}
.story .body table{border-collapse:collapse;max-width:100%}
.story .body td,.story .body th{padding:.25rem .4rem;border:1px solid var(--rule);text-align:left;vertical-align:top;hyphens:auto}
.story .body blockquote{margin:1rem 0;padding-left:1rem;border-left:3px solid var(--rule)}
.story footer{border-top:1px solid var(--rule);margin-top:2rem}
.subscribe{border:1px solid var(--rule);border-radius:.25rem;padding:0 1rem;margin:1.5rem 0}
ul.feed-fields{list-style:none;padding:0;margin:.5rem 0 1rem}
ul.feed-fields li{display:flex;flex-wrap:wrap;gap:.25rem .75rem;align-items:baseline;margin:.35rem 0;font-family:system-ui,sans-serif}
ul.feed-fields label{min-width:6rem;font-weight:600}
ul.feed-fields input{flex:1 1 16rem;min-width:0;max-width:100%;font:inherit;font-size:.9rem;padding:.25rem .4rem;border:1px solid var(--rule);border-radius:.2rem;background:var(--bg);color:var(--fg)}
.subscribe h2{font-size:1.1rem;margin:1rem 0 .5rem}
@media print{
.skip,header.site nav,footer.site,.subscribe{display:none}
body{background:#fff;color:#000;font-size:11pt}
header.site,main{max-width:none}
h1{font-size:20pt}
a,a:visited{color:#000}
.meta,.feeds,.note,.source,.lede{color:#333}
.story .body a[href^="http"]::after,.source a[href^="http"]::after{content:" (" attr(href) ")";font-size:.8em}
h1,h2,h3{break-after:avoid}
ol.articles>li,ul.topic-list>li,figure,blockquote{break-inside:avoid}
}
/* ---- Weekly digest (src/render/digest/*): week page, archive, week-not-found. Owned by the digest module. ---- */
.digest-head .meta{margin:1.5rem 0 0}
.digest-head h1{margin-top:.25rem}
.facts{font-family:system-ui,sans-serif;margin:.25rem 0}
.in-progress{border-left:4px solid var(--accent);padding:.25rem .75rem;font-family:system-ui,sans-serif;font-size:.95rem}
.in-progress-tag{color:var(--accent);font-family:system-ui,sans-serif;font-size:.9rem}
nav.toc{border-top:1px solid var(--rule);border-bottom:1px solid var(--rule);margin:1.5rem 0;padding:0 0 .75rem}
nav.toc h2{font-size:1.1rem;margin:1rem 0 .5rem}
nav.toc ol{margin:0;padding-left:1.5rem}
nav.toc ul{margin:.15rem 0 .5rem;padding-left:1.25rem}
section.lead>article{border-left:4px solid var(--accent);padding-left:1rem}
img.lead-image{display:block;max-width:100%;height:auto;margin:0 0 .75rem}
section.lead h3{font-size:1.4rem}
ul.digest-articles,ul.week-list,ul.topic-digests{list-style:none;padding:0;margin:0}
ul.digest-articles>li,ul.week-list>li,ul.topic-digests>li{margin:0 0 1.25rem}
ul.topic-digests ul.inline{display:flex}
ul.digest-articles p,section.lead p{margin:.25rem 0}
nav.weeks ul{list-style:none;padding:0;margin:2rem 0;display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;justify-content:space-between;font-family:system-ui,sans-serif}
@media print{nav.toc,nav.weeks{display:none}section.lead>article{border-left-color:#000}.original a::after{content:" (" attr(href) ")";font-size:.8em}ul.digest-articles>li{break-inside:avoid}}
`;
