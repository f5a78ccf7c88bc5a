package org.web4.conformance.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.web4.cli.CommandErrors;
import org.web4.conformance.run.Check;
import org.web4.conformance.run.ConformanceRun;
import org.web4.conformance.run.ConformanceRunner;
import org.web4.conformance.run.ProgressListener;
import org.web4.conformance.run.RunOptions;
import org.web4.conformance.run.Suite;
import org.web4.conformance.spec.Requirement;
import org.web4.conformance.spec.RequirementCatalog;
import org.web4.conformance.spec.RunnerConfigurationException;
import org.web4.conformance.vectors.VectorSet;
import org.web4.vectors.VectorManifest;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code web4-conformance list}: every requirement of spec/, its level, the checks that cover it
 * and, where spec/README.md §7 declares one, when and why a run may leave it untested, without
 * running anything.
 */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description =
        "Lists every requirement ID, its level and the checks that cover it; runs nothing.")
final class ListCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private final Supplier<RequirementCatalog> catalogs;

  ListCommand() {
    this(RequirementCatalog::bundled);
  }

  ListCommand(Supplier<RequirementCatalog> catalogs) {
    this.catalogs = catalogs;
  }

  @Option(
      names = "--format",
      paramLabel = "text|json",
      defaultValue = "text",
      description = "output format (default: ${DEFAULT-VALUE})")
  String format = "text";

  @Option(
      names = "--vectors",
      paramLabel = "DIR",
      description = "vectors folder (default: bundled)")
  @Nullable Path vectors;

  @Option(
      names = "--features",
      paramLabel = "DIR",
      description =
          "also list the scenarios of your own .feature files, after checking them: syntax errors,"
              + " undefined steps (with the closest known steps) and unknown tags, exit 2 if any")
  @Nullable Path features;

  @Override
  public Integer call() throws CommandErrors.InputException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!format.equals("text") && !format.equals("json")) {
      throw new CommandErrors.InputException("--format must be text or json, not " + format);
    }
    if (features != null) {
      Preflight.folder("--features", features);
    }
    try {
      RequirementCatalog catalog = catalogs.get();
      if (features != null && !FeatureReport.valid(catalog, features, err)) {
        return ExitCodes.USAGE;
      }
      VectorSet set =
          vectors == null ? VectorSet.fromClasspath() : VectorSet.fromDirectory(vectors);
      RunOptions options =
          new RunOptions(null, null, 0, vectors, null, null, features, false, List.of());
      List<Suite> suites = new ConformanceRun(catalog, ProgressListener.NONE).suites(set, options);
      ConformanceRunner.validate(suites, catalog);
      Map<String, List<String>> covering = new LinkedHashMap<>();
      for (Suite suite : suites) {
        for (Check check : suite.checks()) {
          for (String id : check.requirements()) {
            covering.computeIfAbsent(id, k -> new ArrayList<>()).add(check.id());
          }
        }
      }
      if (format.equals("json")) {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        for (Requirement r : catalog.all()) {
          ObjectNode n = list.addObject();
          n.put("id", r.id());
          n.put("level", r.level());
          n.put("file", r.file());
          n.put("text", r.text());
          ArrayNode checks = n.putArray("checks");
          covering.getOrDefault(r.id(), List.of()).forEach(checks::add);
          catalog
              .untestedDeclaration(r.id())
              .ifPresent(
                  d ->
                      n.putObject("untested_when")
                          .put("condition", d.condition().text())
                          .put("reason", d.reason()));
        }
        out.println(
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(list));
      } else {
        for (Requirement r : catalog.all()) {
          List<String> checks = covering.getOrDefault(r.id(), List.of());
          out.println(
              r.id()
                  + " "
                  + r.level()
                  + " "
                  + (checks.isEmpty() ? "untested" : checks.size() + " checks")
                  + catalog
                      .untestedDeclaration(r.id())
                      .map(d -> "; may be untested " + d.describe())
                      .orElse(""));
          for (String c : checks) {
            out.println("  " + c);
          }
        }
      }
      out.flush();
      return ExitCodes.OK;
    } catch (VectorManifest.TamperedException e) {
      err.println("web4-conformance: refusing the vectors: " + e.getMessage());
    } catch (RunnerConfigurationException e) {
      err.println("web4-conformance: runner configuration error: " + e.getMessage());
    } catch (IOException e) {
      err.println(ConformanceCommand.PROGRAM + ": " + CommandErrors.describe(e));
    }
    err.flush();
    return ExitCodes.USAGE;
  }
}
