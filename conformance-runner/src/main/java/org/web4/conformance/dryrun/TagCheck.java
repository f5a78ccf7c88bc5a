package org.web4.conformance.dryrun;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.web4.conformance.run.Needs;
import org.web4.conformance.select.Closest;
import org.web4.conformance.spec.Requirement;
import org.web4.conformance.spec.RequirementCatalog;

/**
 * The tags of a user's feature file that the kit does not know: a tag is known if it is a
 * requirement ID of the spec (spec/README.md §2.4: a scenario's requirement IDs are its tags) or an
 * area tag — those the bundled features use besides IDs ({@code @core}: over the wire only) and the
 * protocol areas ({@code @rtt}, {@code @cip}, {@code @hcp}, {@code @lip}, {@code @events}, {@code
 * @clock}). An ID-shaped tag that the spec does not define is an error: its checks would be refused
 * at run time. Any other tag ({@code @wip}, {@code @smoke}) is the user's own: it only selects
 * scenarios with {@code --tags}, so it is a warning (with the closest area tags, in case it is a
 * typo) and the features still run (docs/writing-scenarios.md).
 */
final class TagCheck {
  private static final Pattern TAG = Pattern.compile("@(\\S+)");
  private static final Pattern ID_SHAPED = Pattern.compile("[A-Z]{2,5}-[A-Z0-9]{2,8}-\\d{3}");
  private static final Set<String> AREAS = Set.of("rtt", "cip", "hcp", "lip", "events", "clock");
  private static final int SUGGESTIONS = 3;

  private final RequirementCatalog catalog;
  private final List<String> ids;
  private final Set<String> areaTags;

  /**
   * @param bundledTags the tags of the bundled features (without {@code @})
   */
  TagCheck(RequirementCatalog catalog, Set<String> bundledTags) {
    this.catalog = catalog;
    this.ids = catalog.all().stream().map(Requirement::id).toList();
    Set<String> areas = new TreeSet<>(AREAS);
    areas.addAll(Needs.knownTags()); // the tags that say what a scenario needs (run/Needs)
    bundledTags.stream().filter(t -> !ID_SHAPED.matcher(t).matches()).forEach(areas::add);
    this.areaTags = Set.copyOf(areas);
  }

  /** The unknown tags of a feature file's lines, each with its line and column. */
  List<FeatureProblem> unknownTags(String shownAs, List<String> lines) {
    List<FeatureProblem> problems = new ArrayList<>();
    boolean inDocString = false;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      String stripped = line.strip();
      if (stripped.startsWith("\"\"\"") || stripped.startsWith("```")) {
        inDocString = !inDocString;
        continue;
      }
      if (inDocString || !stripped.startsWith("@")) {
        continue;
      }
      Matcher tag = TAG.matcher(line);
      while (tag.find()) {
        String name = tag.group(1);
        if (name.startsWith("#")) {
          break; // a comment after the tags
        }
        String why = why(name);
        if (why != null) {
          boolean own = !ID_SHAPED.matcher(name).matches();
          problems.add(new FeatureProblem(shownAs, i + 1, tag.start() + 1, why, own));
        }
      }
    }
    return problems;
  }

  private @org.jspecify.annotations.Nullable String why(String name) {
    if (catalog.contains(name) || areaTags.contains(name)) {
      return null;
    }
    if (ID_SHAPED.matcher(name).matches()) {
      return "unknown tag @"
          + name
          + ": spec "
          + catalog.specVersion()
          + " has no such requirement"
          + Closest.didYouMean(Closest.to(name, ids, SUGGESTIONS));
    }
    return "tag @"
        + name
        + " is neither a requirement ID of spec "
        + catalog.specVersion()
        + " nor an area tag: it only selects scenarios with --tags (area tags: @"
        + String.join(", @", new TreeSet<>(areaTags))
        + ")"
        + Closest.didYouMean(
            Closest.to(name, areaTags, SUGGESTIONS).stream().map(t -> "@" + t).toList());
  }
}
