package io.sluice.server.api;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * One blocking connection that sends requests encoded by kafka-clients (the oracle) and parses the
 * answers with kafka-clients, so protocol tests check our encoding against theirs byte for byte.
 */
final class KafkaWireClient implements AutoCloseable {

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private int correlationId;

    KafkaWireClient(int port) throws IOException {
        this.socket = new Socket("127.0.0.1", port);
        this.socket.setSoTimeout(60_000);
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Sends a request and waits for its response. */
    @SuppressWarnings("unchecked")
    <T extends AbstractResponse> T send(AbstractRequest request) throws IOException {
        RequestHeader header = write(request);
        byte[] response = new byte[in.readInt()];
        in.readFully(response);
        return (T) AbstractResponse.parseResponse(ByteBuffer.wrap(response), header);
    }

    /**
     * Sends {@code request} encoded in its own version but with {@code version} in the header, for
     * requests kafka-clients refuses to build (a version whose body layout is the same); the response
     * is parsed as {@code version}.
     */
    @SuppressWarnings("unchecked")
    <T extends AbstractResponse> T sendRelabelled(AbstractRequest request, short version) throws IOException {
        RequestHeader real = new RequestHeader(request.apiKey(), request.version(), "wire-test", ++correlationId);
        ByteBuffer frame = request.serializeWithHeader(real);
        frame.putShort(frame.position() + 2, version);
        byte[] bytes = new byte[4 + frame.remaining()];
        ByteBuffer.wrap(bytes).putInt(frame.remaining()).put(frame);
        out.write(bytes);
        out.flush();
        byte[] response = new byte[in.readInt()];
        in.readFully(response);
        RequestHeader asSent = new RequestHeader(request.apiKey(), version, "wire-test", real.correlationId());
        return (T) AbstractResponse.parseResponse(ByteBuffer.wrap(response), asSent);
    }

    /**
     * Sends a request and reads its response into {@code scratch} piece by piece without keeping or
     * parsing it; returns the response size. For measuring what the broker serves, not what it says.
     */
    long sendAndDiscard(AbstractRequest request, byte[] scratch) throws IOException {
        write(request);
        int size = in.readInt();
        int left = size;
        while (left > 0) {
            int n = in.read(scratch, 0, Math.min(scratch.length, left));
            if (n < 0) {
                throw new java.io.EOFException("Connection closed inside a response");
            }
            left -= n;
        }
        return size;
    }

    /** Sends a request that gets no response (Produce with acks=0). */
    void sendOneWay(AbstractRequest request) throws IOException {
        write(request);
    }

    private RequestHeader write(AbstractRequest request) throws IOException {
        RequestHeader header = new RequestHeader(request.apiKey(), request.version(), "wire-test", ++correlationId);
        ByteBuffer frame = request.serializeWithHeader(header);
        byte[] bytes = new byte[4 + frame.remaining()];
        ByteBuffer.wrap(bytes).putInt(frame.remaining()).put(frame);
        out.write(bytes);
        out.flush();
        return header;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
