package dev.berth.cli.host;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The part of SPDY/3.1 (draft-mbelshe-httpbis-spdy-00, section 2) that Kubernetes' port-forward
 * uses: data frames, SYN_STREAM / SYN_REPLY with zlib-compressed header blocks, RST_STREAM,
 * PING and GOAWAY; SETTINGS, WINDOW_UPDATE and HEADERS are read and skipped (the kubelet side,
 * Go's moby/spdystream, has no flow control). Both ends of a connection: the fake server of the
 * tests speaks it too.
 */
final class SpdyFrames {

    static final int SYN_STREAM = 1;
    static final int SYN_REPLY = 2;
    static final int RST_STREAM = 3;
    static final int PING = 6;
    static final int GOAWAY = 7;

    static final int FLAG_FIN = 0x01;

    /** RST_STREAM status codes. */
    static final int PROTOCOL_ERROR = 1;
    static final int CANCEL = 5;

    /** Largest data frame we send: a Splice buffer (128 KiB) in one frame. */
    static final int MAX_DATA = 128 * 1024;

    private static final int VERSION = 3;
    private static final int HEADER = 8;

    /** The SPDY/3 header dictionary (section 2.6.10.1): length-prefixed words, then plain text. */
    static final byte[] DICTIONARY = dictionary();

    private SpdyFrames() {
    }

    private static byte[] dictionary() {
        List<String> words = List.of("options", "head", "post", "put", "delete", "trace", "accept", "accept-charset",
                "accept-encoding", "accept-language", "accept-ranges", "age", "allow", "authorization",
                "cache-control", "connection", "content-base", "content-encoding", "content-language",
                "content-length", "content-location", "content-md5", "content-range", "content-type", "date", "etag",
                "expect", "expires", "from", "host", "if-match", "if-modified-since", "if-none-match", "if-range",
                "if-unmodified-since", "last-modified", "location", "max-forwards", "pragma", "proxy-authenticate",
                "proxy-authorization", "range", "referer", "retry-after", "server", "te", "trailer",
                "transfer-encoding", "upgrade", "user-agent", "vary", "via", "warning", "www-authenticate", "method",
                "get", "status", "200 OK", "version", "HTTP/1.1", "url", "public", "set-cookie", "keep-alive",
                "origin");
        String tail = "100101201202205206300302303304305306307402405406407408409410411412413414415416417502504505"
                + "203 Non-Authoritative Information204 No Content301 Moved Permanently400 Bad Request401 Unauthorized"
                + "403 Forbidden404 Not Found500 Internal Server Error501 Not Implemented503 Service Unavailable"
                + "Jan Feb Mar Apr May Jun Jul Aug Sept Oct Nov Dec 00:00:00 Mon, Tue, Wed, Thu, Fri, Sat, Sun, GMT"
                + "chunked,text/html,image/png,image/jpg,image/gif,application/xml,application/xhtml+xml,text/plain,"
                + "text/javascript,publicprivatemax-age=gzip,deflate,sdchcharset=utf-8charset=iso-8859-1,utf-,*,"
                + "enq=0.";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String word : words) {
            putInt(out, word.length());
            out.writeBytes(word.getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(tail.getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static void putInt(ByteArrayOutputStream out, int value) {
        out.write(value >>> 24);
        out.write(value >>> 16);
        out.write(value >>> 8);
        out.write(value);
    }

    private static void putInt(byte[] b, int off, int value) {
        b[off] = (byte) (value >>> 24);
        b[off + 1] = (byte) (value >>> 16);
        b[off + 2] = (byte) (value >>> 8);
        b[off + 3] = (byte) value;
    }

    private static void putControlHeader(byte[] b, int type, int flags, int length) {
        b[0] = (byte) (0x80 | VERSION >>> 8);
        b[1] = (byte) VERSION;
        b[2] = (byte) (type >>> 8);
        b[3] = (byte) type;
        putInt(b, 4, length);
        b[4] = (byte) flags;
    }

    /**
     * Header blocks of one direction of a connection: a single zlib stream with the SPDY dictionary,
     * flushed (SYNC_FLUSH) after each block, so blocks must be encoded in the order they are sent.
     */
    static final class HeaderEncoder {
        private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
        private final byte[] chunk = new byte[1024];

        HeaderEncoder() {
            deflater.setDictionary(DICTIONARY);
        }

        byte[] encode(Map<String, String> headers) {
            ByteArrayOutputStream plain = new ByteArrayOutputStream();
            putInt(plain, headers.size());
            for (Map.Entry<String, String> header : headers.entrySet()) {
                byte[] name = header.getKey().getBytes(StandardCharsets.UTF_8);
                byte[] value = header.getValue().getBytes(StandardCharsets.UTF_8);
                putInt(plain, name.length);
                plain.writeBytes(name);
                putInt(plain, value.length);
                plain.writeBytes(value);
            }
            deflater.setInput(plain.toByteArray());
            ByteArrayOutputStream compressed = new ByteArrayOutputStream();
            int n;
            do {
                n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
                compressed.write(chunk, 0, n);
            } while (n == chunk.length);
            return compressed.toByteArray();
        }

        void end() {
            deflater.end();
        }
    }

    /** The other side's header blocks, in the order they arrive. */
    static final class HeaderDecoder {
        private final Inflater inflater = new Inflater();
        private final byte[] chunk = new byte[1024];

        Map<String, String> decode(byte[] block) throws IOException {
            inflater.setInput(block);
            ByteArrayOutputStream plain = new ByteArrayOutputStream();
            try {
                while (true) {
                    int n = inflater.inflate(chunk);
                    if (n > 0) {
                        plain.write(chunk, 0, n);
                    } else if (inflater.needsDictionary()) {
                        inflater.setDictionary(DICTIONARY);
                    } else {
                        break;
                    }
                }
            } catch (DataFormatException | IllegalArgumentException e) {
                throw new IOException("SPDY header block does not decompress: " + e.getMessage(), e);
            }
            return parse(plain.toByteArray());
        }

        private static Map<String, String> parse(byte[] b) throws IOException {
            Map<String, String> headers = new LinkedHashMap<>();
            int[] pos = {0};
            int count = readInt(b, pos);
            for (int i = 0; i < count; i++) {
                String name = readString(b, pos);
                headers.put(name, readString(b, pos));
            }
            return headers;
        }

        private static String readString(byte[] b, int[] pos) throws IOException {
            int length = readInt(b, pos);
            if (length < 0 || pos[0] + length > b.length) {
                throw new IOException("SPDY header block is truncated");
            }
            String s = new String(b, pos[0], length, StandardCharsets.UTF_8);
            pos[0] += length;
            return s;
        }

        private static int readInt(byte[] b, int[] pos) throws IOException {
            int p = pos[0];
            if (p + 4 > b.length) {
                throw new IOException("SPDY header block is truncated");
            }
            pos[0] = p + 4;
            return (b[p] & 0xff) << 24 | (b[p + 1] & 0xff) << 16 | (b[p + 2] & 0xff) << 8 | b[p + 3] & 0xff;
        }

        void end() {
            inflater.end();
        }
    }

    /**
     * Writes frames; any thread. A frame goes out in one write of the socket (one TLS record run), so
     * streams of a connection interleave by whole frames. Writes block while the network is slow.
     */
    static final class Writer {
        private final OutputStream out;
        private final ReentrantLock lock = new ReentrantLock();
        private final HeaderEncoder headers = new HeaderEncoder();
        private final byte[] frame = new byte[HEADER + MAX_DATA];

        Writer(OutputStream out) {
            this.out = out;
        }

        void data(int streamId, int flags, byte[] b, int off, int len) throws IOException {
            lock.lock();
            try {
                do {
                    int n = Math.min(len, MAX_DATA);
                    putInt(frame, 0, streamId & 0x7fffffff);
                    putInt(frame, 4, n);
                    frame[4] = (byte) (n == len ? flags : 0);
                    System.arraycopy(b, off, frame, HEADER, n);
                    out.write(frame, 0, HEADER + n);
                    off += n;
                    len -= n;
                } while (len > 0);
                out.flush();
            } finally {
                lock.unlock();
            }
        }

        void synStream(int streamId, int flags, Map<String, String> block) throws IOException {
            lock.lock();
            try {
                byte[] compressed = headers.encode(block);
                byte[] b = new byte[HEADER + 10 + compressed.length];
                putControlHeader(b, SYN_STREAM, flags, 10 + compressed.length);
                putInt(b, HEADER, streamId);
                // associated stream 0, priority 0, slot 0
                System.arraycopy(compressed, 0, b, HEADER + 10, compressed.length);
                out.write(b);
                out.flush();
            } finally {
                lock.unlock();
            }
        }

        void synReply(int streamId, int flags, Map<String, String> block) throws IOException {
            lock.lock();
            try {
                byte[] compressed = headers.encode(block);
                byte[] b = new byte[HEADER + 4 + compressed.length];
                putControlHeader(b, SYN_REPLY, flags, 4 + compressed.length);
                putInt(b, HEADER, streamId);
                System.arraycopy(compressed, 0, b, HEADER + 4, compressed.length);
                out.write(b);
                out.flush();
            } finally {
                lock.unlock();
            }
        }

        static byte[] rstStream(int streamId, int status) {
            byte[] b = new byte[HEADER + 8];
            putControlHeader(b, RST_STREAM, 0, 8);
            putInt(b, HEADER, streamId);
            putInt(b, HEADER + 4, status);
            return b;
        }

        static byte[] ping(int id) {
            byte[] b = new byte[HEADER + 4];
            putControlHeader(b, PING, 0, 4);
            putInt(b, HEADER, id);
            return b;
        }

        static byte[] goAway(int lastGoodStreamId, int status) {
            byte[] b = new byte[HEADER + 8];
            putControlHeader(b, GOAWAY, 0, 8);
            putInt(b, HEADER, lastGoodStreamId);
            putInt(b, HEADER + 4, status);
            return b;
        }

        /** A whole control frame made by one of the methods above. */
        void send(byte[] controlFrame) throws IOException {
            lock.lock();
            try {
                out.write(controlFrame);
                out.flush();
            } finally {
                lock.unlock();
            }
        }

        /** Sends unless another thread is writing (whose write may be blocked): false then. */
        boolean trySend(byte[] controlFrame) throws IOException {
            if (!lock.tryLock()) {
                return false;
            }
            try {
                out.write(controlFrame);
                out.flush();
                return true;
            } finally {
                lock.unlock();
            }
        }

        void end() {
            lock.lock();
            try {
                headers.end();
            } finally {
                lock.unlock();
            }
        }
    }

    /** What a {@link Reader} found; data arrives in arrays of its own (the handler keeps them). */
    interface Handler {
        void data(int streamId, int flags, byte[] data) throws IOException;

        void synStream(int streamId, int flags, Map<String, String> headers) throws IOException;

        void synReply(int streamId, int flags, Map<String, String> headers) throws IOException;

        void rstStream(int streamId, int status) throws IOException;

        void ping(int id) throws IOException;

        void goAway(int lastGoodStreamId, int status) throws IOException;
    }

    /** Reads frames; one thread. */
    static final class Reader {
        private final DataInputStream in;
        private final HeaderDecoder headers = new HeaderDecoder();

        Reader(InputStream in) {
            this.in = new DataInputStream(in);
        }

        /** Reads one frame and hands it to {@code handler}; false at a clean end of the connection. */
        boolean next(Handler handler) throws IOException {
            int first;
            try {
                first = in.readInt();
            } catch (EOFException e) {
                return false;
            }
            int second = in.readInt();
            int flags = second >>> 24;
            int length = second & 0xffffff;
            if (first >= 0) {
                byte[] data = new byte[length];
                in.readFully(data);
                handler.data(first, flags, data);
                return true;
            }
            int version = first >>> 16 & 0x7fff;
            int type = first & 0xffff;
            if (version != VERSION) {
                throw new IOException("SPDY version " + version + " frame (expected 3)");
            }
            switch (type) {
                case SYN_STREAM -> {
                    int streamId = in.readInt() & 0x7fffffff;
                    in.readInt(); // associated stream
                    in.readUnsignedShort(); // priority, slot
                    handler.synStream(streamId, flags, headers.decode(bytes(length - 10)));
                }
                case SYN_REPLY -> {
                    int streamId = in.readInt() & 0x7fffffff;
                    handler.synReply(streamId, flags, headers.decode(bytes(length - 4)));
                }
                case RST_STREAM -> {
                    int streamId = in.readInt() & 0x7fffffff;
                    handler.rstStream(streamId, in.readInt());
                    skip(length - 8);
                }
                case PING -> {
                    handler.ping(in.readInt());
                    skip(length - 4);
                }
                case GOAWAY -> {
                    int last = in.readInt() & 0x7fffffff;
                    int status = length >= 8 ? in.readInt() : 0;
                    skip(length - (length >= 8 ? 8 : 4));
                    handler.goAway(last, status);
                }
                case 8 -> { // HEADERS: decoded only to keep the zlib stream in step
                    in.readInt();
                    headers.decode(bytes(length - 4));
                }
                default -> skip(length); // SETTINGS, WINDOW_UPDATE, NOOP, CREDENTIAL
            }
            return true;
        }

        private byte[] bytes(int length) throws IOException {
            if (length < 0) {
                throw new IOException("SPDY frame too short");
            }
            byte[] b = new byte[length];
            in.readFully(b);
            return b;
        }

        private void skip(int length) throws IOException {
            if (length > 0) {
                in.skipNBytes(length);
            }
        }

        void end() {
            headers.end();
        }
    }
}
