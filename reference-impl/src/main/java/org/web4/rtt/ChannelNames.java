package org.web4.rtt;

import java.util.List;
import java.util.regex.Pattern;

/** Channel names and ids (spec/rtt.md §5). */
public final class ChannelNames {
  /** The standard channels, open from the start; the index is the channel id [RTT-CH-001]. */
  public static final List<String> STANDARD = List.of("control", "state", "knowledge");

  public static final int CONTROL = 0;
  public static final int STATE = 1;
  public static final int KNOWLEDGE = 2;

  /** The name of a channel opened with OPEN [RTT-CH-003]. */
  public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  private ChannelNames() {}

  public static boolean isStandard(int channelId) {
    return channelId >= 0 && channelId < STANDARD.size();
  }
}
