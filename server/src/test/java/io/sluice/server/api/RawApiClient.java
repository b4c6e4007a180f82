package io.sluice.server.api;

import io.sluice.protocol.ApiKeys;
import io.sluice.protocol.Frames;
import io.sluice.protocol.Messages;
import io.sluice.protocol.RequestHeader;
import io.sluice.protocol.Struct;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;

/** A blocking client that sends one request of any API and version and reads its response, for tests. */
public final class RawApiClient implements AutoCloseable {

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private int correlationId;

    public RawApiClient(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout(30_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    public static Struct newRequest(ApiKeys api) {
        return Messages.request(api).newStruct();
    }

    public Struct send(ApiKeys api, int version, Struct body) throws IOException {
        int id = ++correlationId;
        ByteBuffer request = Frames.request(new RequestHeader(api.id(), (short) version, id, "raw-test"), body)
                .toByteBuffer();
        byte[] frame = new byte[4 + request.remaining()];
        ByteBuffer.wrap(frame).putInt(request.remaining()).put(request);
        out.write(frame);
        out.flush();
        byte[] response = new byte[in.readInt()];
        in.readFully(response);
        ByteBuffer buffer = ByteBuffer.wrap(response);
        if (buffer.getInt(0) != id) {
            throw new IOException("Correlation id " + buffer.getInt(0) + ", expected " + id);
        }
        return Frames.readResponse(buffer, api, (short) version);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
