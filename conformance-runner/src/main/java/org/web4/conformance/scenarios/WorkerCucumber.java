package org.web4.conformance.scenarios;

import io.cucumber.core.feature.FeatureParser;
import io.cucumber.core.filter.Filters;
import io.cucumber.core.gherkin.Feature;
import io.cucumber.core.gherkin.Pickle;
import io.cucumber.core.options.CommandlineOptionsParser;
import io.cucumber.core.options.CucumberProperties;
import io.cucumber.core.options.CucumberPropertiesParser;
import io.cucumber.core.options.RuntimeOptions;
import io.cucumber.core.runner.Runner;
import io.cucumber.core.runtime.BackendServiceLoader;
import io.cucumber.core.runtime.FeaturePathFeatureSupplier;
import io.cucumber.core.runtime.ObjectFactoryServiceLoader;
import io.cucumber.core.runtime.ObjectFactorySupplier;
import io.cucumber.core.runtime.SingletonObjectFactorySupplier;
import io.cucumber.core.runtime.SingletonRunnerSupplier;
import io.cucumber.core.runtime.SynchronizedEventBus;
import io.cucumber.core.runtime.TimeServiceEventBus;
import io.cucumber.core.runtime.UuidGeneratorServiceLoader;
import java.io.OutputStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.web4.conformance.worker.WorkerLocal;

/**
 * One Cucumber runner per {@link org.web4.conformance.worker.Worker}, reused for every scenario the
 * worker runs (docs/adr/1420). A Cucumber run per scenario ({@code Main.run}) loaded the glue again
 * (a scan of the step package and of every step class's methods), parsed the whole feature file
 * again and compiled every step definition's expression again: 40 % of a kit run's CPU after ADR
 * 1109. Here the glue is loaded once per worker; Cucumber's own glue cache (since 7.21) keeps the
 * compiled step expressions from one scenario to the next as long as the language does not change;
 * a bundled feature file is parsed once per process.
 *
 * <p>What a scenario sees is what {@code Main.run(--glue …, --object-factory …, uri:line)} gave it:
 * the options are built the same way (properties file, environment, system properties, then the
 * same command line), the same pickle is selected by the same line filter, the before-all and
 * after-all hooks run around it, and Cucumber's picocontainer gives it a new {@link World} and new
 * step objects. Only Cucumber's own console output is gone, which {@link QuietStdout} discarded.
 */
final class WorkerCucumber {
  private static final WorkerLocal<WorkerCucumber> PER_WORKER =
      new WorkerLocal<>(WorkerCucumber::new);

  /** Bundled feature files ({@code classpath:}) do not change in a process: parsed once. */
  private static final Map<String, Feature> BUNDLED = new ConcurrentHashMap<>();

  private static final String CLASSPATH = "classpath:";

  private final Supplier<ClassLoader> loader = UnpackedScenarioLoader::get;
  private final Runner runner;

  private WorkerCucumber() {
    RuntimeOptions options = options(List.of());
    ObjectFactorySupplier objects =
        new SingletonObjectFactorySupplier(new ObjectFactoryServiceLoader(loader, options));
    TimeServiceEventBus clockBus =
        new TimeServiceEventBus(
            Clock.systemUTC(), new UuidGeneratorServiceLoader(loader, options).loadUuidGenerator());
    SynchronizedEventBus bus = SynchronizedEventBus.synchronize(clockBus);
    new ScenarioResultCollector().setEventPublisher(bus);
    runner =
        new SingletonRunnerSupplier(
                options, bus, new BackendServiceLoader(loader, objects), objects)
            .get();
  }

  /** The calling thread's worker's runner. */
  static WorkerCucumber current() {
    return PER_WORKER.get();
  }

  /**
   * Runs the scenario (or Examples row) at {@code uri:line}; its outcome reaches {@link
   * ScenarioResultCollector}. None, if no scenario is at that line.
   */
  synchronized void run(String uri, int line) {
    RuntimeOptions selection = options(List.of(uri + ":" + line));
    Filters filters = new Filters(selection);
    List<Pickle> pickles = feature(uri, selection).getPickles().stream().filter(filters).toList();
    runner.runBeforeAllHooks();
    try {
      pickles.forEach(runner::runPickle);
    } finally {
      runner.runAfterAllHooks();
    }
  }

  private Feature feature(String uri, RuntimeOptions selection) {
    if (uri.startsWith(CLASSPATH)) {
      return BUNDLED.computeIfAbsent(uri, key -> parse(key, selection));
    }
    // a user's own feature file may change between two runs of one process: parsed every time
    return parse(uri, selection);
  }

  private Feature parse(String uri, RuntimeOptions selection) {
    List<Feature> features =
        new FeaturePathFeatureSupplier(loader, selection, new FeatureParser(UUID::randomUUID))
            .get();
    if (features.size() != 1) {
      throw new IllegalStateException(
          "expected one feature at " + uri + ", found " + features.size());
    }
    return features.get(0);
  }

  /** As {@code io.cucumber.core.cli.Main.run} builds them, with the runner's command line. */
  private static RuntimeOptions options(List<String> featuresWithLines) {
    RuntimeOptions fromFile =
        new CucumberPropertiesParser().parse(CucumberProperties.fromPropertiesFile()).build();
    RuntimeOptions fromEnvironment =
        new CucumberPropertiesParser().parse(CucumberProperties.fromEnvironment()).build(fromFile);
    RuntimeOptions fromSystem =
        new CucumberPropertiesParser()
            .parse(CucumberProperties.fromSystemProperties())
            .build(fromEnvironment);
    String[] args =
        java.util.stream.Stream.concat(
                java.util.stream.Stream.of(
                    "--glue",
                    ScenarioCheck.class.getPackageName(),
                    "--object-factory",
                    ScenarioCheck.OBJECT_FACTORY,
                    "--monochrome"),
                featuresWithLines.stream())
            .toArray(String[]::new);
    return new CommandlineOptionsParser(OutputStream.nullOutputStream())
        .parse(args)
        .addDefaultGlueIfAbsent()
        .build(fromSystem);
  }
}
