package io.reactivemesh.node;

/** A bad option or conf value: the node refuses to start and exits with status 2 and this one-line message. */
public class OptionException extends RuntimeException {

  public OptionException(String message) {
    super(message, null, false, false);
  }
}
