// The activity's emoji grid on a canvas: emoji pictures, inked cells, and (when editable)
// strokes drawn with a mouse, a finger or a stylus (pointer events), or cells toggled with the keyboard.
"use strict";

class GridView {
  constructor(canvas, { editable = false, onChange = null } = {}) {
    this.canvas = canvas;
    this.rows = ACTIVITY.grid.rows;
    this.cols = ACTIVITY.grid.cols;
    this.cells = ACTIVITY.grid.cells;
    this.ink = this.blank();
    this.strokes = [];
    this.cursor = null;
    this.onChange = onChange;
    this.images = ACTIVITY.emoji.map((emoji) => {
      const image = new Image();
      image.onload = () => this.draw();
      image.src = `/emoji/${emoji.hex}.svg`;
      return image;
    });
    new ResizeObserver(() => this.resize()).observe(canvas);
    if (editable) this.listen();
    this.resize();
  }

  blank() {
    return Array.from({ length: this.rows }, () => new Array(this.cols).fill(0));
  }

  inkedCount() {
    return this.ink.reduce((sum, row) => sum + row.reduce((a, b) => a + b, 0), 0);
  }

  // '#' inked, '.' blank: the text grid `neurones digit --text` reads.
  text() {
    return this.ink.map((row) => row.map((c) => (c ? "#" : ".")).join("")).join("\n") + "\n";
  }

  setInk(ink) {
    this.ink = ink.map((row) => row.map((c) => (c ? 1 : 0)));
    this.strokes = [];
    this.draw();
  }

  clear() {
    this.ink = this.blank();
    this.strokes = [];
    this.draw();
    this.changed();
  }

  changed() {
    if (this.onChange) this.onChange(this);
  }

  resize() {
    const width = this.canvas.clientWidth || 300;
    const scale = window.devicePixelRatio || 1;
    this.canvas.width = Math.round(width * scale);
    this.canvas.height = Math.round(width * scale * this.rows / this.cols);
    this.draw();
  }

  cellSize() {
    return this.canvas.width / this.cols;
  }

  draw() {
    const context = this.canvas.getContext("2d");
    const size = this.cellSize();
    context.fillStyle = "#ffffff";
    context.fillRect(0, 0, this.canvas.width, this.canvas.height);
    for (let r = 0; r < this.rows; r++) {
      for (let c = 0; c < this.cols; c++) {
        const x = c * size, y = r * size;
        if (this.ink[r][c]) {
          context.fillStyle = "#9ab8e8";
          context.fillRect(x, y, size, size);
        }
        const index = this.cells[r][c];
        const image = index >= 0 ? this.images[index] : null;
        if (image && image.complete && image.naturalWidth) {
          const pad = size * 0.14;
          context.drawImage(image, x + pad, y + pad, size - 2 * pad, size - 2 * pad);
        }
      }
    }
    context.strokeStyle = "#b0b0b0";
    context.lineWidth = Math.max(1, size / 60);
    for (let i = 0; i <= this.cols; i++) this.line(context, i * size, 0, i * size, this.canvas.height);
    for (let i = 0; i <= this.rows; i++) this.line(context, 0, i * size, this.canvas.width, i * size);
    context.strokeStyle = "#16325c";
    context.lineWidth = size * 0.22;
    context.lineCap = context.lineJoin = "round";
    for (const stroke of this.strokes) {
      context.beginPath();
      stroke.forEach(([x, y], i) => (i ? context.lineTo(x * this.canvas.width, y * this.canvas.width) : context.moveTo(x * this.canvas.width, y * this.canvas.width)));
      if (stroke.length === 1) context.lineTo(stroke[0][0] * this.canvas.width + 0.1, stroke[0][1] * this.canvas.width);
      context.stroke();
    }
    if (this.keyboard && this.cursor && document.activeElement === this.canvas) {
      context.strokeStyle = "#d4001a";
      context.lineWidth = size * 0.08;
      context.strokeRect(this.cursor[1] * size, this.cursor[0] * size, size, size);
    }
  }

  line(context, x0, y0, x1, y1) {
    context.beginPath();
    context.moveTo(x0, y0);
    context.lineTo(x1, y1);
    context.stroke();
  }

  // A point in canvas units (0..1 of the width); marks every cell the pen's round tip touches.
  markAt(x, y) {
    const radius = 0.11 / this.cols; // half the drawn line's width, in the same units
    let touched = false;
    const cell = 1 / this.cols;
    for (let r = Math.floor((y - radius) / cell); r <= Math.floor((y + radius) / cell); r++) {
      for (let c = Math.floor((x - radius) / cell); c <= Math.floor((x + radius) / cell); c++) {
        if (r < 0 || c < 0 || r >= this.rows || c >= this.cols || this.ink[r][c]) continue;
        const dx = Math.max(c * cell - x, 0, x - (c + 1) * cell);
        const dy = Math.max(r * cell - y, 0, y - (r + 1) * cell);
        if (dx * dx + dy * dy <= radius * radius) {
          this.ink[r][c] = 1;
          touched = true;
        }
      }
    }
    return touched;
  }

  markSegment(from, to) {
    const steps = Math.max(1, Math.ceil(Math.hypot(to[0] - from[0], to[1] - from[1]) / (0.1 / this.cols)));
    let touched = false;
    for (let i = 1; i <= steps; i++) {
      touched = this.markAt(from[0] + (to[0] - from[0]) * i / steps, from[1] + (to[1] - from[1]) * i / steps) || touched;
    }
    return touched;
  }

  point(event) {
    const box = this.canvas.getBoundingClientRect();
    return [(event.clientX - box.left) / box.width, (event.clientY - box.top) / box.width];
  }

  listen() {
    const canvas = this.canvas;
    let stroke = null;
    canvas.addEventListener("pointerdown", (event) => {
      event.preventDefault();
      this.keyboard = false;
      canvas.setPointerCapture(event.pointerId);
      canvas.focus({ preventScroll: true });
      const at = this.point(event);
      stroke = [at];
      this.strokes.push(stroke);
      if (this.markAt(...at)) this.changed();
      this.draw();
    });
    canvas.addEventListener("pointermove", (event) => {
      if (!stroke) return;
      const events = event.getCoalescedEvents ? event.getCoalescedEvents() : [event];
      let touched = false;
      for (const each of events.length ? events : [event]) {
        const at = this.point(each);
        touched = this.markSegment(stroke[stroke.length - 1], at) || touched;
        stroke.push(at);
      }
      this.draw();
      if (touched) this.changed();
    });
    const end = () => {
      stroke = null;
    };
    canvas.addEventListener("pointerup", end);
    canvas.addEventListener("pointercancel", end);
    canvas.addEventListener("focus", () => {
      this.cursor = this.cursor || [Math.floor(this.rows / 2), Math.floor(this.cols / 2)];
    });
    canvas.addEventListener("blur", () => this.draw());
    canvas.addEventListener("keydown", (event) => {
      this.keyboard = true; // the cursor shows only to someone using the keyboard
      const moves = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
      if (event.key in moves) {
        const [dr, dc] = moves[event.key];
        this.cursor = [Math.min(this.rows - 1, Math.max(0, this.cursor[0] + dr)), Math.min(this.cols - 1, Math.max(0, this.cursor[1] + dc))];
      } else if (event.key === " " || event.key === "Enter") {
        const [r, c] = this.cursor;
        this.ink[r][c] = this.ink[r][c] ? 0 : 1;
        this.strokes = [];
        this.changed();
      } else {
        return;
      }
      event.preventDefault();
      this.draw();
    });
  }
}
