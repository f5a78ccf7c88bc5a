package org.web4.conformance.spec;

/**
 * One requirement of spec/.
 *
 * @param id e.g. {@code ENV-JCS-001}
 * @param level {@code MUST} or {@code SHOULD}
 * @param text the requirement's sentence
 * @param file the spec file it is written in, e.g. {@code envelope.md}
 */
public record Requirement(String id, String level, String text, String file) {}
