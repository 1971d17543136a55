package dev.berth.cli.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.Adler32;
import org.junit.jupiter.api.Test;

class SpdyFramesTest {

    @Test
    void theDictionaryIsSpdy3s() {
        // 1423 bytes, Adler-32 0xe3c6a7c2: the id a zlib stream of SPDY/3 header blocks announces
        // (computed from moby/spdystream's spdy/dictionary.go, the kubelet side's copy)
        Adler32 adler = new Adler32();
        adler.update(SpdyFrames.DICTIONARY);
        assertEquals(1423, SpdyFrames.DICTIONARY.length);
        assertEquals(0xe3c6a7c2L, adler.getValue());
    }

    @Test
    void headerBlocksRoundTripOnOneZlibStream() throws IOException {
        SpdyFrames.HeaderEncoder encoder = new SpdyFrames.HeaderEncoder();
        SpdyFrames.HeaderDecoder decoder = new SpdyFrames.HeaderDecoder();
        for (int requestId = 0; requestId < 5; requestId++) {
            for (String type : List.of("error", "data")) {
                Map<String, String> headers = new LinkedHashMap<>();
                headers.put("streamtype", type);
                headers.put("port", "8080");
                headers.put("requestid", Integer.toString(requestId));
                byte[] block = encoder.encode(headers);
                assertEquals(headers, decoder.decode(block));
            }
        }
    }

    @Test
    void framesRoundTrip() throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        SpdyFrames.Writer writer = new SpdyFrames.Writer(wire);
        byte[] big = new byte[SpdyFrames.MAX_DATA * 2 + 5];
        new Random(3).nextBytes(big);
        writer.synStream(1, SpdyFrames.FLAG_FIN, Map.of("streamtype", "error", "port", "80", "requestid", "0"));
        writer.synStream(3, 0, Map.of("streamtype", "data", "port", "80", "requestid", "0"));
        writer.synReply(3, 0, Map.of());
        writer.data(3, 0, big, 0, big.length);
        writer.data(3, SpdyFrames.FLAG_FIN, new byte[0], 0, 0);
        writer.send(SpdyFrames.Writer.rstStream(3, SpdyFrames.CANCEL));
        writer.send(SpdyFrames.Writer.ping(7));
        writer.send(SpdyFrames.Writer.goAway(3, 0));

        List<String> seen = new ArrayList<>();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        SpdyFrames.Reader reader = new SpdyFrames.Reader(new ByteArrayInputStream(wire.toByteArray()));
        SpdyFrames.Handler handler = new SpdyFrames.Handler() {
            @Override
            public void data(int streamId, int flags, byte[] bytes) {
                seen.add("data " + streamId + " " + bytes.length + " " + flags);
                data.writeBytes(bytes);
            }

            @Override
            public void synStream(int streamId, int flags, Map<String, String> headers) {
                seen.add("syn " + streamId + " " + flags + " " + headers.get("streamtype") + " "
                        + headers.get("port") + " " + headers.get("requestid"));
            }

            @Override
            public void synReply(int streamId, int flags, Map<String, String> headers) {
                seen.add("reply " + streamId + " " + headers);
            }

            @Override
            public void rstStream(int streamId, int status) {
                seen.add("rst " + streamId + " " + status);
            }

            @Override
            public void ping(int id) {
                seen.add("ping " + id);
            }

            @Override
            public void goAway(int lastGoodStreamId, int status) {
                seen.add("goaway " + lastGoodStreamId + " " + status);
            }
        };
        while (reader.next(handler)) {
            // all frames
        }
        assertEquals(List.of("syn 1 1 error 80 0", "syn 3 0 data 80 0", "reply 3 {}",
                "data 3 " + SpdyFrames.MAX_DATA + " 0", "data 3 " + SpdyFrames.MAX_DATA + " 0", "data 3 5 0",
                "data 3 0 1", "rst 3 5", "ping 7", "goaway 3 0"), seen);
        assertArrayEquals(big, data.toByteArray());
    }

    @Test
    void controlFramesHaveTheSpdy3Layout() {
        byte[] ping = SpdyFrames.Writer.ping(1);
        // control bit + version 3, type 6, flags 0, length 4, id 1
        assertArrayEquals(new byte[] {(byte) 0x80, 3, 0, 6, 0, 0, 0, 4, 0, 0, 0, 1}, ping);
        byte[] rst = SpdyFrames.Writer.rstStream(5, SpdyFrames.CANCEL);
        assertArrayEquals(new byte[] {(byte) 0x80, 3, 0, 3, 0, 0, 0, 8, 0, 0, 0, 5, 0, 0, 0, 5}, rst);
    }

    @Test
    void aTruncatedHeaderBlockIsAnError() {
        SpdyFrames.HeaderEncoder encoder = new SpdyFrames.HeaderEncoder();
        byte[] block = encoder.encode(Map.of("port", "80"));
        byte[] half = java.util.Arrays.copyOf(block, block.length / 2);
        boolean failed;
        try {
            new SpdyFrames.HeaderDecoder().decode(half);
            failed = false;
        } catch (IOException e) {
            failed = true;
        }
        assertTrue(failed);
        assertFalse(block.length == 0);
    }
}
