package org.careplanfhir.server.fhir.input;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import org.springframework.http.HttpHeaders;

/**
 * The request as HAPI sees it once its body has been read and checked: the body is replayed from
 * memory, already decoded, so {@code Content-Encoding} is hidden and {@code Content-Length} is the
 * decoded length.
 */
final class CheckedBodyRequest extends HttpServletRequestWrapper {

	private final byte[] body;

	private final String contentType;

	CheckedBodyRequest(HttpServletRequest request, byte[] body, String contentType) {
		super(request);
		this.body = body;
		this.contentType = contentType;
	}

	@Override
	public String getContentType() {
		return contentType;
	}

	@Override
	public String getCharacterEncoding() {
		return contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).contains("charset")
				? "UTF-8" : super.getCharacterEncoding();
	}

	@Override
	public ServletInputStream getInputStream() {
		ByteArrayInputStream bytes = new ByteArrayInputStream(body);
		return new ServletInputStream() {

			@Override
			public int read() {
				return bytes.read();
			}

			@Override
			public int read(byte[] buffer, int offset, int length) {
				return bytes.read(buffer, offset, length);
			}

			@Override
			public boolean isFinished() {
				return bytes.available() == 0;
			}

			@Override
			public boolean isReady() {
				return true;
			}

			@Override
			public void setReadListener(ReadListener listener) {
				throw new UnsupportedOperationException("The body is already in memory");
			}

		};
	}

	@Override
	public BufferedReader getReader() {
		return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8));
	}

	@Override
	public int getContentLength() {
		return body.length;
	}

	@Override
	public long getContentLengthLong() {
		return body.length;
	}

	@Override
	public String getHeader(String name) {
		if (HttpHeaders.CONTENT_ENCODING.equalsIgnoreCase(name)) {
			return null;
		}
		if (HttpHeaders.CONTENT_LENGTH.equalsIgnoreCase(name)) {
			return Integer.toString(body.length);
		}
		if (HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name)) {
			return contentType;
		}
		return super.getHeader(name);
	}

	@Override
	public Enumeration<String> getHeaders(String name) {
		if (HttpHeaders.CONTENT_ENCODING.equalsIgnoreCase(name)) {
			return Collections.emptyEnumeration();
		}
		if (HttpHeaders.CONTENT_LENGTH.equalsIgnoreCase(name)) {
			return Collections.enumeration(List.of(Integer.toString(body.length)));
		}
		if (HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name) && contentType != null) {
			return Collections.enumeration(List.of(contentType));
		}
		return super.getHeaders(name);
	}

	@Override
	public Enumeration<String> getHeaderNames() {
		List<String> names = Collections.list(super.getHeaderNames());
		names.removeIf(HttpHeaders.CONTENT_ENCODING::equalsIgnoreCase);
		return Collections.enumeration(names);
	}

}
