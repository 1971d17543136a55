package dev.berth.engine.k8s.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DialedReadinessTest {

    private static final Instant STARTED = Instant.parse("2026-01-02T03:04:05Z");

    private static Pod pod(String podIP) {
        return new PodBuilder().withNewMetadata().withName("b1").endMetadata()
                .withNewStatus().withPhase("Pending").withPodIP(podIP).withStartTime(STARTED.toString()).endStatus()
                .build();
    }

    @Test
    void readyOnceEveryPortAccepts() {
        List<String> dialled = new ArrayList<>();
        PortDialer dialer = (ip, ports) -> {
            dialled.add(ip + ports);
            return PortDialer.Outcome.ACCEPTING;
        };
        DialedReadiness.Verdict verdict = DialedReadiness.check(pod("198.18.0.7"), List.of(8080, 9090), dialer,
                STARTED.plusSeconds(1));
        assertTrue(verdict.ready());
        assertEquals(List.of("198.18.0.7[8080, 9090]"), dialled);
    }

    @Test
    void aRefusedPortIsDialledAgainSoonThenLessOftenThenLeftToTheKubelet() {
        PortDialer refused = (ip, ports) -> PortDialer.Outcome.REFUSED;
        assertEquals(Optional.of(DialedReadiness.EARLY_RECHECK),
                DialedReadiness.check(pod("198.18.0.7"), List.of(8080), refused, STARTED.plusSeconds(2)).recheckIn());
        assertEquals(Optional.of(DialedReadiness.LATE_RECHECK),
                DialedReadiness.check(pod("198.18.0.7"), List.of(8080), refused, STARTED.plusSeconds(30)).recheckIn());
        DialedReadiness.Verdict late = DialedReadiness.check(pod("198.18.0.7"), List.of(8080), refused,
                STARTED.plusSeconds(120));
        assertFalse(late.ready());
        assertEquals(Optional.empty(), late.recheckIn());
    }

    @Test
    void anUnreachablePodIsLeftToTheKubeletsProbe() {
        DialedReadiness.Verdict verdict = DialedReadiness.check(pod("198.18.0.7"), List.of(8080),
                (ip, ports) -> PortDialer.Outcome.UNREACHABLE, STARTED.plusSeconds(1));
        assertFalse(verdict.ready());
        assertEquals(Optional.empty(), verdict.recheckIn());
    }

    @Test
    void noPodIpOrNoHealthCheckedPortMeansNoDial() {
        PortDialer never = (ip, ports) -> {
            throw new AssertionError("dialled " + ip);
        };
        assertFalse(DialedReadiness.check(pod(null), List.of(8080), never, STARTED).ready());
        assertFalse(DialedReadiness.check(pod("198.18.0.7"), List.of(), never, STARTED).ready());
    }

    @Test
    void tcpDialerTellsAListeningPortFromAClosedOne() throws IOException {
        try (ServerSocket listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int closed;
            try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                closed = gone.getLocalPort();
            }
            PortDialer tcp = PortDialer.tcp(200);
            assertEquals(PortDialer.Outcome.ACCEPTING, tcp.dial("127.0.0.1", List.of(listening.getLocalPort())));
            assertEquals(PortDialer.Outcome.REFUSED, tcp.dial("127.0.0.1", List.of(listening.getLocalPort(), closed)));
        }
    }
}
