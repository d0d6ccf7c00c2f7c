package dev.firn.catalog.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.List;
import org.junit.jupiter.api.Test;

class AllowListTest {
  @Test
  void normalizesHostsAndOrigins() {
    AllowList list =
        new AllowList(
            List.of("Firn.Internal", "[::1]", "10.0.0.5", "host."),
            List.of("HTTP://LocalHost:3000/"));
    assertThat(list.hosts())
        .containsExactly("firn.internal", "0:0:0:0:0:0:0:1", "10.0.0.5", "host");
    assertThat(list.origins()).containsExactly("http://localhost:3000");
    assertThat(list.anyHost()).isFalse();
    assertThat(new AllowList(List.of("*"), List.of()).anyHost()).isTrue();
  }

  @Test
  void rejectsEntriesThatAreNotHostsOrOrigins() {
    for (String host : List.of("host:8181", "http://host", "a b", "", "[::1")) {
      assertThatThrownBy(() -> new AllowList(List.of(host), List.of()))
          .as(host)
          .hasMessageStartingWith("Invalid catalog.allowed-hosts entry: " + host);
    }
    for (String origin : List.of("localhost:3000", "http://host/app", "*", "http://")) {
      assertThatThrownBy(() -> new AllowList(List.of(), List.of(origin)))
          .as(origin)
          .hasMessageStartingWith("Invalid catalog.allowed-origins entry: " + origin);
    }
  }

  @Test
  void splitsCommaSeparatedSettings() {
    assertThat(AllowList.split(" a.example, ,b.example,"))
        .containsExactly("a.example", "b.example");
    assertThat(AllowList.split(null)).isEmpty();
  }

  @Test
  void acceptsLoopbackNamesAndTheBoundAddress() {
    assertThat(RequestGuard.hosts(List.of("firn.internal"), "10.1.2.3"))
        .containsExactlyInAnyOrder(
            "localhost", "127.0.0.1", "0:0:0:0:0:0:0:1", "firn.internal", "10.1.2.3");
  }

  @Test
  void acceptsTheMachinesNamesWhenBoundToEveryInterface() throws Exception {
    String hostName = AllowList.normalHost(InetAddress.getLocalHost().getHostName());
    List<String> addresses =
        NetworkInterface.networkInterfaces()
            .flatMap(NetworkInterface::inetAddresses)
            .map(address -> AllowList.normalHost(address.getHostAddress().replaceAll("%.*", "")))
            .toList();
    for (String wildcard : List.of("0.0.0.0", "::", "[::]")) {
      assertThat(RequestGuard.hosts(List.of(), wildcard))
          .as(wildcard)
          .contains(hostName)
          .containsAll(addresses)
          .doesNotContain("0.0.0.0", "0:0:0:0:0:0:0:0");
    }
  }
}
