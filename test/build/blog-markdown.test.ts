// Markdown as blogs write it: the summary is the first paragraph of prose, an excerpt separator is honoured, a title
// repeated as the first heading is not shown twice, code keeps its language, and template syntax another generator
// left is converted or reported at its line.
import { describe, expect, it } from "vitest";
import { readArticle } from "../../src/content/article.js";
import { formatProblem } from "../../src/content/problems.js";
import { PROJECT_SITE } from "../support/articles.js";

const post = (body: string, fields = "title: Release notes for 2.0\ndate: 2024-03-01") =>
  readArticle(PROJECT_SITE, "content/post.md", new TextEncoder().encode(`---\n${fields}\n---\n${body}`));

describe("a blog post's summary", () => {
  it("is the first paragraph of prose, never a heading, a list, a paragraph of links or the title", () => {
    const r = post(
      [
        "## What's new",
        "",
        "- faster builds",
        "- fewer bugs",
        "",
        "[Download](https://example.com/d) | [Changelog](https://example.com/c)",
        "",
        "Release notes for 2.0",
        "",
        "Version 2.0 makes every build twice as fast. It also fixes forty bugs.",
        "",
        "A later paragraph.",
      ].join("\n"),
    );
    expect(r.article?.summary).toBe("Version 2.0 makes every build twice as fast. It also fixes forty bugs.");
  });

  it("skips a paragraph that is the title however it is cased and punctuated, and keeps one that says more", () => {
    expect(post("Release notes: for 2.0.\n\nThe real opening.").article?.summary).toBe("The real opening.");
    expect(post("Release notes for 2.0 are here.\n\nThe next paragraph.").article?.summary).toBe(
      "Release notes for 2.0 are here.",
    );
  });

  it("is what comes before <!--more--> when the post has one", () => {
    const r = post("An opening line.\n\nAnd a second paragraph before the cut.\n\n<!-- more -->\n\nThe rest.");
    expect(r.article?.summary).toBe("An opening line. And a second paragraph before the cut.");
  });
});

describe("a blog post's body", () => {
  it("does not repeat the title when the body opens with it as a heading", () => {
    const r = post("# Release Notes for 2.0!\n\nVersion 2.0 is out.\n\n## Release notes for 2.0 in detail\n\nMore.");
    const html = r.article?.html ?? "";
    expect(html.startsWith("<p>Version 2.0 is out.</p>")).toBe(true);
    // A later heading that only starts like the title stays.
    expect(html).toContain("<h2>Release notes for 2.0 in detail</h2>");
  });

  it("keeps a fenced block's language and highlights it, and turns Liquid and Hugo highlight blocks into code blocks", () => {
    const r = post(
      [
        "Some code:",
        "",
        "```ruby",
        "puts 1",
        "```",
        "",
        "{% highlight ruby linenos %}",
        "# a comment, not a heading",
        "puts 2",
        "{% endhighlight %}",
        "",
        '{{< highlight go "linenos=table" >}}',
        "fmt.Println(3)",
        "{{< /highlight >}}",
      ].join("\n"),
    );
    const html = r.article?.html ?? "";
    // Highlighted at build time: token spans the page's stylesheet colours.
    expect(html).toContain('<pre><code class="language-ruby">puts <span class="hljs-number">1</span>\n</code></pre>');
    expect(html).toContain(
      '<pre><code class="language-ruby"><span class="hljs-comment"># a comment, not a heading</span>\nputs <span class="hljs-number">2</span>\n</code></pre>',
    );
    expect(html).toContain(
      '<pre><code class="language-go">fmt.Println(<span class="hljs-number">3</span>)\n</code></pre>',
    );
    expect(html).not.toContain("<h2>a comment");
    expect(html).not.toMatch(/highlight/);
    expect(r.warnings).toEqual([]);
  });

  it("highlights nothing it does not know, and no markup in code gets through", () => {
    const r = post("```nosuchlang\nx <script>alert(1)</script>\n```\n\n```\nplain & <b>bold</b>\n```\n");
    const html = r.article?.html ?? "";
    expect(html).toContain(
      '<pre><code class="language-nosuchlang">x &lt;script&gt;alert(1)&lt;/script&gt;\n</code></pre>',
    );
    expect(html).toContain("<pre><code>plain &amp; &lt;b&gt;bold&lt;/b&gt;\n</code></pre>");
    expect(html).not.toMatch(/<script|<b>/);
  });

  it("drops kramdown attribute lists and {% raw %} markers, keeping what raw shows", () => {
    const r = post("## Setup\n{: #setup .wide}\n\nUse {% raw %}{{ page.title }}{% endraw %} in a layout.{: .note}\n");
    const html = r.article?.html ?? "";
    expect(html).toContain("<h2>Setup</h2>");
    expect(html).toContain("<p>Use {{ page.title }} in a layout.</p>");
    expect(html).not.toContain("{:");
    expect(r.warnings).toEqual([]);
  });

  it("reports template syntax left as text at its lines, outside code and raw regions", () => {
    const r = post(
      [
        "Read the {% include intro.md %} first.", // line 5 of the file
        "",
        "```liquid",
        "{{ shown.as.an.example }}",
        "```",
        "",
        "Built by {{ site.title }}.", // line 11
        "",
        "See {% link _posts/2017-10-19-diversity-open-source.markdown", // line 13: a tag broken by a line end
        "%} and the example:",
        "",
        "{{raw `", // line 16: the Go blog's multi-line raw block
        "  func main() {}",
        "`}}",
      ].join("\n"),
    );
    expect(r.warnings.map(formatProblem)).toEqual([
      "content/post.md:5: body: template syntax left as text on 4 lines (5, 11, 13, 16), such as {% include intro.md %}: Dispatch runs no templates; write what it produced instead",
    ]);
  });

  it("converts the shortcodes for pictures, videos and other posts, and reports the ones it does not know", () => {
    const r = readArticle(
      PROJECT_SITE,
      "content/posts/essay/index.md",
      new TextEncoder().encode(
        [
          "---",
          "title: An essay",
          "date: 2024-03-01",
          "---",
          "The opening paragraph of the essay.",
          "",
          '{{< figure src="map.png" alt="A map of the front" caption="The front in July" >}}',
          "",
          "{{< youtube dQw4w9WgXcQ >}}",
          "",
          '{{< vimeo id="76979871" >}}',
          "",
          'See [the earlier post]({{< ref "../2019-01-01-earlier.md" >}}) and [another]({% post_url 2018-05-04-other %}).',
          "",
          "And [a third]({% link _posts/2017-03-02-third.md %}), from the site's root.",
          "",
          '{{image "essay-chart.svg" 600}}',
          "",
          '{{video "https://www.youtube.com/embed/kNHo788oO5Y?rel=0"}}',
          "",
          "{{< tweet user=someone id=123 >}}",
          "",
          // Inside an HTML block, as the Go blog writes a linked picture: it stays a picture, not Markdown as text.
          '<a href="https://example.com/full.jpg">',
          '{{image "essay-thumb.jpg"}}',
          "</a>",
        ].join("\n"),
      ),
    );
    const html = r.article?.html ?? "";
    // The picture is the bundle's, served beside the article's page, with its caption.
    expect(html).toContain(
      '<figure><img src="/articles/essay/map.png" alt="A map of the front" /><figcaption>The front in July</figcaption></figure>',
    );
    // Videos are frames of YouTube (without cookies) and Vimeo, sandboxed.
    const frame = (src: string, title: string) =>
      `<iframe src="${src}" title="${title}" width="560" height="315" loading="lazy" sandbox="allow-scripts allow-same-origin allow-presentation allow-popups" allow="fullscreen; picture-in-picture" referrerpolicy="strict-origin-when-cross-origin"></iframe>`;
    expect(html).toContain(frame("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", "Video on YouTube"));
    expect(html).toContain(frame("https://player.vimeo.com/video/76979871", "Video on Vimeo"));
    expect(html).toContain('<a href="/articles/earlier">the earlier post</a>');
    expect(html).toContain('<a href="/articles/other">another</a>');
    expect(html).toContain('<a href="/articles/third">a third</a>');
    expect(html).toContain('<img src="/articles/essay/essay-chart.svg" alt="" />');
    expect(html).toContain(frame("https://www.youtube-nocookie.com/embed/kNHo788oO5Y", "Video on www.youtube.com"));
    expect(html).toContain(
      '<a href="https://example.com/full.jpg">\n<img src="/articles/essay/essay-thumb.jpg" alt="" />\n</a>',
    );
    expect(html).not.toContain("![");
    // One the build does not know stays, and is reported at its line.
    expect(r.warnings.map(formatProblem)).toEqual([
      "content/posts/essay/index.md:21: body: template syntax left as text on this line, such as {{< tweet user=someone id=123 >}}: Dispatch runs no templates; write what it produced instead",
    ]);
  });

  it("keeps footnotes, task lists, disclosure widgets and keys, and frames only YouTube and Vimeo", () => {
    const r = post(
      [
        "A claim.[^source]",
        "",
        "- [ ] to do",
        "- [x] done",
        "",
        "<details><summary>The details</summary>Press <kbd>Ctrl</kbd>+<kbd>C</kbd>.</details>",
        "",
        '<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ" onload="steal()" frameborder="0"></iframe>',
        "",
        '<iframe src="https://ads.example/frame"></iframe>',
        "",
        '<iframe src="https://vimeo.com/76979871">Your browser does not support frames.</iframe>',
        "",
        '<h1 id="main">A heading that wants the page\'s id</h1>',
        "",
        '<p>Euler: <math display="block"><msup><mi>e</mi><mrow><mi>i</mi><mi>π</mi></mrow></msup><mo>+</mo><mn>1</mn><mo>=</mo><mn>0</mn></math></p>',
        "",
        '<p id="main">An id that would clash with the page\'s own.</p>',
        "",
        "[^source]: Where the claim comes from.",
      ].join("\n"),
    );
    const html = r.article?.html ?? "";
    expect(html).toContain('<sup><a href="#footnote-source" id="footnote-ref-source">1</a></sup>');
    expect(html).toContain('<li id="footnote-source">');
    expect(html).toContain("<li><span>☐</span> to do</li>");
    expect(html).toContain("<li><span>☑</span> done</li>");
    expect(html).toContain("<details><summary>The details</summary>Press <kbd>Ctrl</kbd>+<kbd>C</kbd>.</details>");
    expect(html).toContain('<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" title="Video"');
    expect(html).not.toContain("steal");
    expect(html).not.toContain("ads.example");
    expect(html.match(/<iframe/g)?.length).toBe(2);
    expect(html).toContain('<iframe src="https://player.vimeo.com/video/76979871" title="Video"');
    expect(html).not.toContain("does not support");
    expect(html).toContain("<h2>A heading that wants the page's id</h2>");
    // A formula stays a formula.
    expect(html).toContain(
      '<math display="block"><msup><mi>e</mi><mrow><mi>i</mi><mi>π</mi></mrow></msup><mo>+</mo><mn>1</mn><mo>=</mo><mn>0</mn></math>',
    );
    expect(html).toContain("<p>An id that would clash");
  });

  it("converts a shortcode whatever runs of spaces it holds", () => {
    const r = post(`Before.\n\n{{< figure${" ".repeat(20_000)}src="map.png" >}}\n`);
    expect(r.article?.html).toContain('<img src="/map.png" alt="" />');
  });
});
