package org.web4.site;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.Link;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.node.StrongEmphasis;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.jspecify.annotations.Nullable;

/**
 * One spec document as HTML, rendered by commonmark-java: every heading gets the anchor GitHub
 * gives it (so {@code rtt.md#4-frames} keeps working as {@code rtt.html#4-frames}), every
 * requirement paragraph the anchor of its ID and, right after it, its traceability; every other
 * mention of a defined ID links to its requirement; links to other spec documents point at their
 * pages and links out of spec/ at the sources.
 */
final class SpecPage {
  private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create());
  private static final Pattern DEFINED =
      Pattern.compile("^\\[([A-Z]{2,5}-[A-Z0-9]{2,8}-\\d{3})\\]$");

  /**
   * The rendered page body.
   *
   * @param html the document as HTML
   * @param title its first heading
   * @param anchored the requirement IDs whose anchor ({@code id="…"}) the HTML holds
   * @param sections the headings, in order: anchor → text
   */
  record Rendered(String html, String title, List<String> anchored, Map<String, String> sections) {}

  private final Traceability trace;
  private final Links links;

  SpecPage(Traceability trace, Links links) {
    this.trace = trace;
    this.links = links;
  }

  Rendered render(String fileName, String markdown) {
    Node document = Parser.builder().extensions(EXTENSIONS).build().parse(markdown);
    Map<Node, String> ids = new HashMap<>();
    Map<String, String> sections = new LinkedHashMap<>();
    Map<String, Paragraph> requirements = new LinkedHashMap<>();
    List<Text> mentions = new ArrayList<>();
    document.accept(
        new AbstractVisitor() {
          private final Map<String, Integer> slugs = new HashMap<>();

          @Override
          public void visit(Heading heading) {
            String text = textOf(heading);
            String slug = slug(text);
            int seen = slugs.merge(slug, 1, Integer::sum);
            String anchor = seen == 1 ? slug : slug + "-" + (seen - 1);
            ids.put(heading, anchor);
            sections.put(anchor, text);
            visitChildren(heading);
          }

          @Override
          public void visit(Paragraph paragraph) {
            String id = definedId(paragraph);
            if (id != null && trace.catalog().contains(id) && !requirements.containsKey(id)) {
              // in a tight list the paragraph renders without <p>: its list item holds the anchor
              Node holder =
                  paragraph.getParent() instanceof ListItem item
                          && item.getFirstChild() == paragraph
                      ? item
                      : paragraph;
              ids.put(holder, id);
              requirements.put(id, paragraph);
            }
            visitChildren(paragraph);
          }

          @Override
          public void visit(Link link) {
            link.setDestination(links.fromSpec(link.getDestination()));
            // no mention links inside a link
          }

          @Override
          public void visit(Text text) {
            if (CodeComments.ID.matcher(text.getLiteral()).find()) {
              mentions.add(text);
            }
          }
        });
    for (Text text : mentions) {
      linkMentions(text, fileName);
    }
    requirements.forEach(
        (id, paragraph) -> {
          HtmlBlock block = new HtmlBlock();
          block.setLiteral(TraceBlock.render(trace, links, id));
          paragraph.insertAfter(block);
        });
    String html =
        HtmlRenderer.builder()
            .extensions(EXTENSIONS)
            .attributeProviderFactory(
                context ->
                    (node, tag, attributes) -> {
                      String id = ids.get(node);
                      if (id != null) {
                        attributes.put("id", id);
                        if (!(node instanceof Heading)) {
                          attributes.put("class", "req");
                        }
                      }
                    })
            .build()
            .render(document);
    String title = sections.isEmpty() ? fileName : sections.values().iterator().next();
    List<String> anchored = new ArrayList<>();
    for (String id : requirements.keySet()) {
      if (html.contains(" id=\"" + id + "\"")) {
        anchored.add(id);
      }
    }
    return new Rendered(html, title, anchored, sections);
  }

  /** The ID a requirement paragraph opens with: {@code **[RTT-GA-001]** (MUST) …}. */
  private static @Nullable String definedId(Paragraph paragraph) {
    if (paragraph.getFirstChild() instanceof StrongEmphasis strong
        && strong.getFirstChild() instanceof Text text) {
      Matcher m = DEFINED.matcher(text.getLiteral());
      return m.matches() ? m.group(1) : null;
    }
    return null;
  }

  /** Splits a text node so that each defined ID it names links to its requirement. */
  private void linkMentions(Text text, String fileName) {
    String literal = text.getLiteral();
    Matcher m = CodeComments.ID.matcher(literal);
    int last = 0;
    Node cursor = text;
    boolean changed = false;
    while (m.find()) {
      String id = m.group();
      if (!trace.catalog().contains(id)) {
        continue;
      }
      String file = trace.catalog().find(id).map(r -> r.file()).orElse(fileName);
      if (m.start() > last) {
        cursor = after(cursor, new Text(literal.substring(last, m.start())));
      }
      Link link = new Link(Links.pageOf(file) + "#" + id, null);
      link.appendChild(new Text(id));
      cursor = after(cursor, link);
      last = m.end();
      changed = true;
    }
    if (!changed) {
      return;
    }
    if (last < literal.length()) {
      after(cursor, new Text(literal.substring(last)));
    }
    text.unlink();
  }

  private static Node after(Node cursor, Node next) {
    cursor.insertAfter(next);
    return next;
  }

  static String textOf(Node node) {
    StringBuilder b = new StringBuilder();
    for (Node c = node.getFirstChild(); c != null; c = c.getNext()) {
      if (c instanceof Text t) {
        b.append(t.getLiteral());
      } else if (c instanceof Code code) {
        b.append(code.getLiteral());
      } else {
        b.append(textOf(c));
      }
    }
    return b.toString();
  }

  /** GitHub's heading anchor: lower case, punctuation dropped, spaces as hyphens. */
  static String slug(String heading) {
    StringBuilder b = new StringBuilder();
    for (char c : heading.strip().toLowerCase(Locale.ROOT).toCharArray()) {
      if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
        b.append(c);
      } else if (c == ' ') {
        b.append('-');
      }
    }
    return b.toString();
  }
}
