package org.web4.conformance.report.compare;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.web4.conformance.model.RequirementVerdict;
import org.web4.conformance.report.digest.ReportDigest;

/**
 * Several implementations' reports side by side: one row per requirement, one column per
 * implementation, and the rows whose verdicts differ first (issue 16 item 5; docs/adr/0309).
 *
 * @param columns one per report, in the order given
 * @param rows every requirement of any report: the differing ones first, then the agreeing ones,
 *     each group in spec order (the first report's order, then requirements only later reports
 *     have)
 * @param notes what makes the reports less comparable (different spec versions, vectors or
 *     profiles, a run that selected only some checks, an interrupted run); empty when nothing does
 */
public record Comparison(List<Column> columns, List<Row> rows, List<String> notes) {

  /** One implementation: its report and the name its column carries (unique in the page). */
  public record Column(String name, ReportDigest report) {}

  /**
   * One requirement across the implementations.
   *
   * @param cells one per column, in column order; a null verdict means that report has no such
   *     requirement (another spec version)
   */
  public record Row(ReportDigest.Requirement requirement, List<Cell> cells) {
    public Row {
      cells = List.copyOf(cells);
    }

    /** The verdicts are not all the same (a requirement missing from a report differs too). */
    public boolean differs() {
      Set<@Nullable String> verdicts = new HashSet<>();
      cells.forEach(c -> verdicts.add(c.verdict()));
      return verdicts.size() > 1;
    }
  }

  /**
   * One implementation's verdict on one requirement, with its failing cases (for a reader of a
   * difference: which checks, and what they said).
   */
  public record Cell(@Nullable String verdict, List<ReportDigest.Case> notPassing) {
    public Cell {
      notPassing = List.copyOf(notPassing);
    }
  }

  public Comparison {
    columns = List.copyOf(columns);
    rows = List.copyOf(rows);
    notes = List.copyOf(notes);
  }

  /**
   * Compares {@code reports}, at least two.
   *
   * @param sources names each report for a column whose implementation name another report has too
   *     (its path); same size as {@code reports}
   */
  public static Comparison of(List<ReportDigest> reports, List<String> sources) {
    if (reports.size() < 2 || reports.size() != sources.size()) {
      throw new IllegalArgumentException("a comparison needs two reports or more, each named");
    }
    List<Column> columns = columns(reports, sources);
    Map<String, ReportDigest.Requirement> requirements = new LinkedHashMap<>();
    for (ReportDigest r : reports) {
      r.requirements().forEach(req -> requirements.putIfAbsent(req.id(), req));
    }
    List<Row> differing = new ArrayList<>();
    List<Row> agreeing = new ArrayList<>();
    for (ReportDigest.Requirement requirement : requirements.values()) {
      List<Cell> cells = new ArrayList<>();
      for (ReportDigest r : reports) {
        ReportDigest.Requirement own =
            r.requirements().stream()
                .filter(req -> req.id().equals(requirement.id()))
                .findFirst()
                .orElse(null);
        cells.add(
            own == null
                ? new Cell(null, List.of())
                : new Cell(own.verdict(), r.notPassingCasesOf(own)));
      }
      Row row = new Row(requirement, cells);
      (row.differs() ? differing : agreeing).add(row);
    }
    List<Row> rows = new ArrayList<>(differing);
    rows.addAll(agreeing);
    return new Comparison(columns, rows, notes(columns));
  }

  /** The rows whose verdicts differ. */
  public List<Row> differing() {
    return rows.stream().filter(Row::differs).toList();
  }

  /** The rows on which every implementation has the same verdict. */
  public List<Row> agreeing() {
    return rows.stream().filter(r -> !r.differs()).toList();
  }

  /** One line: {@code 223 requirements, 3 differ between web4-reference 0.1.0 and web4py 0.1}. */
  public String summaryLine() {
    List<String> names = columns.stream().map(Column::name).toList();
    return rows.size()
        + " requirements, "
        + differing().size()
        + (differing().size() == 1 ? " differs" : " differ")
        + " between "
        + String.join(" and ", names);
  }

  private static List<Column> columns(List<ReportDigest> reports, List<String> sources) {
    Map<String, Integer> seen = new LinkedHashMap<>();
    reports.forEach(r -> seen.merge(r.label(), 1, Integer::sum));
    List<Column> columns = new ArrayList<>();
    for (int i = 0; i < reports.size(); i++) {
      ReportDigest r = reports.get(i);
      String name =
          seen.getOrDefault(r.label(), 0) > 1 ? r.label() + " (" + sources.get(i) + ")" : r.label();
      columns.add(new Column(name, r));
    }
    return columns;
  }

  private static List<String> notes(List<Column> columns) {
    List<String> notes = new ArrayList<>();
    differentValues(columns, "spec versions", c -> c.report().specVersion(), notes);
    differentValues(columns, "vectors manifests", c -> c.report().vectorsManifestSha256(), notes);
    differentValues(columns, "profiles", c -> c.report().profile(), notes);
    for (Column c : columns) {
      long notSelected =
          c.report().requirements().stream()
              .filter(r -> r.verdict().equals(RequirementVerdict.NOT_SELECTED.label()))
              .count();
      if (notSelected > 0) {
        notes.add(
            c.name()
                + ": the run's selection left out the checks of "
                + notSelected
                + " requirements (not selected)");
      }
      if (c.report().interrupted() != null) {
        notes.add(c.name() + ": the run was interrupted (" + c.report().interrupted() + ")");
      }
    }
    return notes;
  }

  private static void differentValues(
      List<Column> columns,
      String what,
      java.util.function.Function<Column, String> value,
      List<String> notes) {
    Set<String> values = new TreeSet<>();
    columns.forEach(c -> values.add(value.apply(c)));
    if (values.size() > 1) {
      List<String> each = columns.stream().map(c -> c.name() + ": " + value.apply(c)).toList();
      notes.add("the reports use different " + what + " (" + String.join("; ", each) + ")");
    }
  }
}
