// The site's one stylesheet, inlined in every page: no external resources, dark mode, print.
export const STYLES = `
:root{color-scheme:light dark;--fg:#1b1b1b;--muted:#595959;--bg:#fdfdfb;--rule:#d9d9d4;--link:#0b4f8a;--accent:#8a1c1c}
@media (prefers-color-scheme:dark){:root{--fg:#ececec;--muted:#b3b3b3;--bg:#141414;--rule:#3a3a3a;--link:#8cc4ff;--accent:#ff9a8a}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:1.0625rem/1.6 Georgia,"Times New Roman",serif}
a{color:var(--link)}
header.site,footer.site,main{max-width:42rem;margin:0 auto;padding:0 1rem}
header.site{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:baseline;justify-content:space-between;border-bottom:1px solid var(--rule);padding-top:1rem;padding-bottom:.5rem}
header.site .brand{font-weight:bold;font-size:1.4rem;color:var(--fg);text-decoration:none}
header.site nav{display:flex;flex-wrap:wrap;gap:1rem;font-family:system-ui,sans-serif;font-size:.95rem}
footer.site{border-top:1px solid var(--rule);margin-top:3rem;color:var(--muted);font-size:.9rem}
h1,h2,h3{line-height:1.25}
.meta{color:var(--muted);font-family:system-ui,sans-serif;font-size:.9rem}
.topics a{margin-right:.5rem}
ul.plain{list-style:none;padding:0}
ul.plain li{margin:0 0 1.25rem}
article p{overflow-wrap:break-word}
@media print{header.site nav,footer.site,.subscribe{display:none}body{background:#fff;color:#000;font-size:11pt}a{color:#000}a[href^="http"]::after{content:" (" attr(href) ")";font-size:.8em}}
`;
