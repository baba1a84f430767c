package io.reactivemesh.node;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandLineTest {

  @Test
  void shouldReadBothFlagForms() {
    CommandLine line = CommandLine.parse(List.of("--http-port", "8081", "--node-name=alpha"));

    assertThat(line.values()).containsEntry(Option.HTTP_PORT, "8081").containsEntry(Option.NODE_NAME, "alpha");
    assertThat(line.help()).isFalse();
  }

  @Test
  void shouldRejectAnUnknownFlagNamingIt() {
    assertThatThrownBy(() -> CommandLine.parse(List.of("--http-prot", "1")))
      .isInstanceOf(OptionException.class)
      .hasMessage("unknown option --http-prot (see --help)");
  }

  @Test
  void shouldRejectAFlagWithoutValue() {
    assertThatThrownBy(() -> CommandLine.parse(List.of("--http-port", "--quorum", "2")))
      .isInstanceOf(OptionException.class)
      .hasMessage("option --http-port needs a value");
  }

  @Test
  void shouldRejectAFlagGivenTwice() {
    assertThatThrownBy(() -> CommandLine.parse(List.of("--quorum", "1", "--quorum=2")))
      .isInstanceOf(OptionException.class)
      .hasMessage("option --quorum is given twice");
  }

  @Test
  void shouldRejectAStrayArgument() {
    assertThatThrownBy(() -> CommandLine.parse(List.of("start")))
      .isInstanceOf(OptionException.class)
      .hasMessageContaining("unexpected argument 'start'");
  }

  @Test
  void shouldListEveryOptionWithItsEnvironmentTwinInTheUsage() {
    String usage = CommandLine.usage();

    for (Option option : Option.values()) {
      assertThat(usage).contains(option.flag()).contains(option.env());
    }
  }
}
