// A goal's achievement over time, from its versions, as a small step chart (SVG, no library).
import { h } from "preact";
import htm from "htm";

const html = htm.bind(h);

/** Higher is better; goal-achievement codes of FHIR R4. */
const LEVEL = {
	"not-attainable": 0,
	"not-achieved": 0,
	worsening: 1,
	"no-change": 2,
	"no-progress": 2,
	"in-progress": 3,
	improving: 4,
	achieved: 5,
	sustaining: 5,
};

export function achievementPoints(versions) {
	return versions
		.map((goal) => ({ at: goal.meta?.lastUpdated, status: goal.achievementStatus?.coding?.[0]?.code }))
		.filter((point) => point.at && point.status && LEVEL[point.status] !== undefined)
		.sort((a, b) => a.at.localeCompare(b.at));
}

export function AchievementChart({ points, label }) {
	if (points.length === 0) {
		return html`<p class="muted">No progress recorded yet.</p>`;
	}
	const width = 240;
	const height = 64;
	const first = Date.parse(points[0].at);
	const span = Math.max(1, Date.parse(points[points.length - 1].at) - first);
	const x = (point) => (points.length === 1 ? width / 2 : 8 + ((Date.parse(point.at) - first) / span) * (width - 16));
	const y = (point) => height - 8 - (LEVEL[point.status] / 5) * (height - 16);
	const path = points.map((point, i) => `${i === 0 ? "M" : "L"}${x(point).toFixed(1)},${y(point).toFixed(1)}`).join(" ");
	const summary = points.map((point) => `${point.status} on ${point.at.slice(0, 10)}`).join(", ");
	return html`<svg class="chart" viewBox="0 0 ${width} ${height}" width=${width} height=${height} role="img"
			aria-label=${`${label}: ${summary}`} data-points=${points.length}>
		<title>${label}</title>
		<line class="axis" x1="4" y1=${height - 4} x2=${width - 4} y2=${height - 4} />
		<path class="line" d=${path} />
		${points.map((point) => html`<circle class="point" cx=${x(point)} cy=${y(point)} r="3.5" />`)}
	</svg>`;
}
