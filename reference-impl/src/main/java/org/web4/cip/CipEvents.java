package org.web4.cip;

import java.util.Map;

/** Where the CIP runtime's parts report their events (spec/events.md, {@code cip.*}). */
@FunctionalInterface
interface CipEvents {
  void emit(String kind, String connection, Map<String, Object> attributes);
}
