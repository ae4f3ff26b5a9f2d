package org.careplanfhir.server.web;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * A response whose body's {@code flush()} calls do nothing: the container still sends the body each
 * time its buffer fills and when the request ends, and {@link #flushBuffer()} still sends at once.
 * HAPI's JSON encoder flushes after every field it writes (Jackson's default for
 * {@code ObjectMapper.writeValue} on a generator), so without this each field left as a chunk of its
 * own, a system call each.
 */
final class FlushesHeldResponse extends HttpServletResponseWrapper {

	private PrintWriter writer;

	private ServletOutputStream stream;

	FlushesHeldResponse(HttpServletResponse response) {
		super(response);
	}

	@Override
	public PrintWriter getWriter() throws IOException {
		if (writer == null) {
			writer = new PrintWriter(new FlushHoldingWriter(super.getWriter()));
		}
		return writer;
	}

	@Override
	public ServletOutputStream getOutputStream() throws IOException {
		if (stream == null) {
			stream = new FlushHoldingStream(super.getOutputStream());
		}
		return stream;
	}

	/** The JDK's pass-through writer, but for the flush. */
	private static final class FlushHoldingWriter extends FilterWriter {

		FlushHoldingWriter(Writer body) {
			super(body);
		}

		@Override
		public void flush() {
			// held: the container sends the buffer when it is full or the answer is complete
		}

	}

	private static final class FlushHoldingStream extends ServletOutputStream {

		private final ServletOutputStream body;

		FlushHoldingStream(ServletOutputStream body) {
			this.body = body;
		}

		@Override
		public void write(int octet) throws IOException {
			body.write(octet);
		}

		@Override
		public void write(byte[] octets, int offset, int length) throws IOException {
			body.write(octets, offset, length);
		}

		@Override
		public void flush() {
			// held, as the writer's
		}

		@Override
		public void close() throws IOException {
			body.close();
		}

		@Override
		public boolean isReady() {
			return body.isReady();
		}

		@Override
		public void setWriteListener(WriteListener listener) {
			body.setWriteListener(listener);
		}

	}

}
