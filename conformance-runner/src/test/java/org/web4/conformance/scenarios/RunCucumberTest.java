package org.web4.conformance.scenarios;

import static io.cucumber.junit.platform.engine.Constants.GLUE_PROPERTY_NAME;
import static io.cucumber.junit.platform.engine.Constants.OBJECT_FACTORY_PROPERTY_NAME;
import static io.cucumber.junit.platform.engine.Constants.PLUGIN_PUBLISH_QUIET_PROPERTY_NAME;

import org.junit.platform.suite.api.ConfigurationParameter;
import org.junit.platform.suite.api.IncludeEngines;
import org.junit.platform.suite.api.SelectClasspathResource;
import org.junit.platform.suite.api.Suite;

/**
 * The bundled scenarios on the JUnit Platform, against the embedded reference (bound by {@link
 * ScenarioHooks}): each scenario is a test in the build's report and can be run from an IDE. The
 * glue and the object factory (one injected World per scenario) are those of {@link ScenarioCheck}.
 *
 * <p>The build runs one envelope feature (harness steps) and one RTT feature (tester connections)
 * here, which show the wiring; every scenario runs, judged by the wire judge, in the build's one
 * whole-kit run against the reference ({@code ReferenceKitRun}, docs/adr/1102). For all of them on
 * the JUnit Platform: {@code -Dcucumber.features=classpath:web4/features}.
 */
@Suite
@IncludeEngines("cucumber")
@SelectClasspathResource("web4/features/envelope/signature.feature")
@SelectClasspathResource("web4/features/rtt/handshake.feature")
@ConfigurationParameter(key = GLUE_PROPERTY_NAME, value = "org.web4.conformance.scenarios")
@ConfigurationParameter(
    key = OBJECT_FACTORY_PROPERTY_NAME,
    value = "io.cucumber.picocontainer.PicoFactory") // as ScenarioCheck.OBJECT_FACTORY
@ConfigurationParameter(key = PLUGIN_PUBLISH_QUIET_PROPERTY_NAME, value = "true")
class RunCucumberTest {}
