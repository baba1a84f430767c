package io.reactivemesh.node;

import java.net.BindException;

/** Why a node could not start, as one line for the operator: the root cause, without a stack trace. */
public class StartFailure extends RuntimeException {

  public StartFailure(String message) {
    super(message, null, false, false);
  }

  /** One line naming what went wrong, from the first cause that says something useful. */
  public static String describe(Throwable error) {
    Throwable cause = error;
    while (cause != null) {
      if (cause instanceof StartFailure || cause instanceof BindException) {
        return cause.getMessage();
      }
      if (cause.getCause() == null || cause.getCause() == cause) {
        break;
      }
      cause = cause.getCause();
    }
    String message = cause == null ? null : cause.getMessage();
    return message == null ? String.valueOf(cause) : message.lines().findFirst().orElse(message);
  }
}
