package org.web4.site;

import org.jspecify.annotations.Nullable;

/**
 * One check that covers a requirement, as the site links it.
 *
 * @param id the check's stable id, e.g. {@code jcs/jcs_test.json#7} or {@code
 *     features/rtt/frames.feature:A frame too long}
 * @param kind {@code vector}, {@code scenario}, {@code property} or {@code judge}
 * @param file the file that holds it, relative to the kit root, when it has one
 * @param line the line of the scenario in {@code file}, or 0
 */
record CheckRef(String id, String kind, @Nullable String file, int line) {}
