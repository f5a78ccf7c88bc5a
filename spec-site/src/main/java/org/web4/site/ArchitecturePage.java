package org.web4.site;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * {@code architecture.html}: docs/architecture.md through the same commonmark-java renderer as the
 * spec pages, each {@code ```mermaid} block as {@code <pre class="mermaid">} (its text escaped),
 * drawn in the browser by the vendored Mermaid bundle ({@code mermaid.min.js}, MIT, copied next to
 * the page from this module's resources: nothing is fetched). The only site page with a script
 * (docs/adr/1301); DiagramsRenderInBrowserTest checks every diagram renders.
 */
final class ArchitecturePage {
  static final String PAGE = "architecture.html";
  static final String SOURCE = "docs/architecture.md";
  static final String BUNDLE = "mermaid.min.js";
  private static final String RESOURCE = "mermaid/" + BUNDLE;
  private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create());

  private ArchitecturePage() {}

  /** The page body and its title (the first heading's text, else the file name). */
  record Rendered(String html, String title) {}

  static Rendered render(String markdown, Links links) {
    Node document = Parser.builder().extensions(EXTENSIONS).build().parse(markdown);
    List<FencedCodeBlock> diagrams = new ArrayList<>();
    StringBuilder title = new StringBuilder();
    document.accept(
        new AbstractVisitor() {
          @Override
          public void visit(FencedCodeBlock block) {
            if ("mermaid".equals(block.getInfo().trim())) {
              diagrams.add(block);
            }
          }

          @Override
          public void visit(org.commonmark.node.Heading heading) {
            if (title.isEmpty()) {
              heading.accept(
                  new AbstractVisitor() {
                    @Override
                    public void visit(org.commonmark.node.Text text) {
                      title.append(text.getLiteral());
                    }
                  });
            }
            visitChildren(heading);
          }

          @Override
          public void visit(Link link) {
            link.setDestination(fromDocs(links, link.getDestination()));
            visitChildren(link);
          }
        });
    for (FencedCodeBlock block : diagrams) {
      HtmlBlock pre = new HtmlBlock();
      pre.setLiteral("<pre class=\"mermaid\">" + Html.esc(block.getLiteral()) + "</pre>");
      block.insertAfter(pre);
      block.unlink();
    }
    String body =
        HtmlRenderer.builder().extensions(EXTENSIONS).build().render(document)
            + "<script src=\""
            + BUNDLE
            + "\"></script>\n<script>mermaid.initialize({startOnLoad:true});</script>\n";
    return new Rendered(body, title.isEmpty() ? SOURCE : title.toString());
  }

  /** A link written in docs/: a spec document's page, else the file in the kit. */
  private static String fromDocs(Links links, String destination) {
    if (destination.isEmpty() || destination.startsWith("#") || destination.contains(":")) {
      return destination;
    }
    String resolved = URI.create("docs/").resolve(destination).normalize().toString();
    if (resolved.startsWith("spec/")) {
      return links.fromSpec(resolved.substring("spec/".length()));
    }
    int hash = resolved.indexOf('#');
    return hash < 0
        ? links.source(resolved, 0)
        : links.source(resolved.substring(0, hash), 0) + resolved.substring(hash);
  }

  /** Copies the vendored Mermaid bundle into the site folder. */
  static void copyBundle(Path out) throws IOException {
    try (InputStream in = ArchitecturePage.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IOException(
            "the vendored Mermaid bundle " + RESOURCE + " is not on the classpath");
      }
      Files.copy(in, out.resolve(BUNDLE), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** The page's markdown, read from the kit. */
  static String source(Path root) throws IOException {
    return Files.readString(root.resolve(SOURCE), StandardCharsets.UTF_8);
  }
}
