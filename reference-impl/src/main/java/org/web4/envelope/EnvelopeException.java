package org.web4.envelope;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** An envelope was refused: the stable {@link ErrorCode} plus a human-readable reason. */
public final class EnvelopeException extends Exception {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;
  private final @Nullable String msgId;

  public EnvelopeException(ErrorCode code, String message, @Nullable String msgId) {
    super(message);
    this.code = code;
    this.msgId = msgId;
  }

  public ErrorCode code() {
    return code;
  }

  /** The offending envelope's {@code msg_id}, when it could be read. */
  public Optional<String> msgId() {
    return Optional.ofNullable(msgId);
  }
}
