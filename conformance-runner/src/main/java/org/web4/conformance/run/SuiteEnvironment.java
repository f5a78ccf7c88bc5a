package org.web4.conformance.run;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.web4.conformance.model.Profile;
import org.web4.conformance.spec.RequirementCatalog;
import org.web4.conformance.vectors.VectorSet;

/**
 * What suites are built from: the verified vectors, the requirement catalog, and the run options
 * that select or parameterise checks.
 *
 * @param vectors the verified vector files
 * @param requirements the requirements of spec/
 * @param tags the --tags expression, if any
 * @param seed the run's seed
 * @param examples the --examples count for properties, if given
 * @param featuresDir a folder of the user's feature files (--features), run besides the bundled
 *     ones
 * @param slow whether slow checks run (--slow); otherwise they are reported skipped, with the
 *     reason
 * @param profile the run's profile: the robustness suite exists only in a run of profile robustness
 *     (docs/adr/1208-robustness-profile.md), so that no other run lists it
 */
public record SuiteEnvironment(
    VectorSet vectors,
    RequirementCatalog requirements,
    @Nullable String tags,
    long seed,
    @Nullable Integer examples,
    @Nullable Path featuresDir,
    boolean slow,
    Profile profile) {}
