// The player's page: asks /api/status every second and shows it. Everything a stranger chose
// (the stuff's name, player ids, addresses) is set as text (textContent), never as markup.
'use strict';

(() => {
  const POLL_MILLIS = 1000;
  const POLL_ENDED_MILLIS = 5000;
  const ALL_HELD = 200;        // BookMap.ALL_HELD: a cell whose books are all held
  const DOWNLOADING = 255;     // BookMap.DOWNLOADING: a cell with a book being downloaded
  const MAP_TARGET_HEIGHT = 260;
  const MIN_CHART_TOP = 1024 * 1024;  // an idle player's chart reads 0 to 1 MiB/s, not 0 to 1 B/s

  const $ = (id) => document.getElementById(id);
  const setText = (id, value) => { $(id).textContent = value; };

  /** The colours of the style sheet (one place), as [r, g, b]. */
  const colours = (() => {
    const style = getComputedStyle(document.documentElement);
    const rgb = (name) => style.getPropertyValue(name).match(/\d+/g).map(Number);
    return { held: rgb('--held'), downloading: rgb('--downloading'), missing: rgb('--missing'),
             down: rgb('--down'), up: rgb('--up'), line: rgb('--line') };
  })();
  const css = (c) => `rgb(${c[0]}, ${c[1]}, ${c[2]})`;

  function bytes(n) {
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let i = 0;
    while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
    return (i === 0 ? n.toFixed(0) : n.toFixed(1)) + ' ' + units[i];
  }
  const rate = (n) => bytes(n) + '/s';

  function duration(seconds) {
    const h = Math.floor(seconds / 3600), m = Math.floor(seconds / 60) % 60, s = seconds % 60;
    const two = (x) => String(x).padStart(2, '0');
    return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
  }

  let last = null;          // the last status the player answered
  let lastAt = null;        // when it answered it
  let answering = false;    // whether it answered the last time it was asked

  function showStatus(s) {
    document.title = s.name + ' — ' + s.percent.toFixed(1) + ' % — netd player';
    setText('name', s.name);
    setText('size', bytes(s.size_bytes) + ' (' + s.size_bytes.toLocaleString('en') + ' bytes)');
    setText('books', s.books_total.toLocaleString('en') + ' of ' + bytes(s.book_size) + ' each');
    setText('info-hash', s.info_hash);
    setText('player-id', s.player_id);

    $('bar-fill').style.width = s.percent + '%';
    setText('percent', s.percent.toFixed(1) + ' %');
    setText('held-line', s.books_held.toLocaleString('en') + ' of ' + s.books_total.toLocaleString('en')
        + ' books held, ' + bytes(s.left_bytes) + ' left');
    setText('down', rate(s.down_bytes_per_s));
    setText('up', rate(s.up_bytes_per_s));
    setText('eta', s.complete ? 'done' : s.eta_seconds === undefined ? '--' : duration(s.eta_seconds));
    setText('downloaded', bytes(s.downloaded_bytes));
    setText('uploaded', bytes(s.uploaded_bytes));
    setText('peers', String(s.peers));
    setText('bad-books', String(s.bad_books));

    const downloading = s.book_map.books_downloading;
    setText('count-held', s.books_held.toLocaleString('en'));
    setText('count-downloading', downloading.toLocaleString('en'));
    setText('count-missing', (s.books_total - s.books_held - downloading).toLocaleString('en'));
    setText('cell-note', s.book_map.books_per_cell > 1
        ? 'each square is ' + s.book_map.books_per_cell + ' books; a part held is a lighter green' : '');
    drawBookMap(s.book_map.cells);
    drawSpeeds(s.speed_history);
    showPeers(s.peer_list);
  }

  function showState() {
    const state = $('state');
    if (last === null) {
      state.textContent = 'the player does not answer: it is not running, or not at this address';
      state.className = 'state ended';
    } else if (!answering) {
      state.textContent = 'the player has ended: it stopped answering at ' + new Date(lastAt).toLocaleTimeString()
          + (last.complete ? ', with the stuff complete' : ', with ' + last.percent.toFixed(1) + ' % held')
          + '. The figures below are its last.';
      state.className = 'state ended';
    } else if (last.complete) {
      state.textContent = 'complete: every book is held and verified; the player is seeding';
      state.className = 'state complete';
    } else {
      state.textContent = 'downloading';
      state.className = 'state';
    }
  }

  /**
   * The book map: one square per cell, coloured by how much of it is held. Only the squares
   * that changed since the last drawing are painted again (a few a second, of up to 16,384).
   */
  const drawn = { cells: null, width: 0 };
  const cellColours = new Map();

  function cellColour(v) {
    if (!cellColours.has(v)) {
      let c;
      if (v === DOWNLOADING) {
        c = colours.downloading;
      } else if (v >= ALL_HELD) {
        c = colours.held;
      } else if (v === 0) {
        c = colours.missing;
      } else {
        const f = 0.35 + 0.5 * v / ALL_HELD;  // partly held: between missing and held, never either
        c = colours.missing.map((m, k) => Math.round(m + (colours.held[k] - m) * f));
      }
      cellColours.set(v, css(c));
    }
    return cellColours.get(v);
  }

  function drawBookMap(encoded) {
    const canvas = $('book-map');
    const cells = atob(encoded);
    const n = cells.length;
    const ratio = window.devicePixelRatio || 1;
    const width = Math.floor(canvas.clientWidth * ratio);
    let size = Math.floor(Math.sqrt(width * MAP_TARGET_HEIGHT * ratio / n));
    size = Math.max(2, Math.min(Math.floor(28 * ratio), size));
    const perRow = Math.max(1, Math.floor(width / size));
    const whole = drawn.cells === null || drawn.cells.length !== n || drawn.width !== width;
    if (whole) {
      const rows = Math.ceil(n / perRow);
      canvas.width = width;            // also clears it
      canvas.height = rows * size;
      canvas.style.height = (rows * size / ratio) + 'px';
    }
    const gap = size >= 6 ? 1 : 0;
    const context = canvas.getContext('2d');
    for (let i = 0; i < n; i++) {
      const v = cells.charCodeAt(i);
      if (whole || drawn.cells.charCodeAt(i) !== v) {
        context.fillStyle = cellColour(v);
        context.fillRect((i % perRow) * size, Math.floor(i / perRow) * size, size - gap, size - gap);
      }
    }
    drawn.cells = cells;
    drawn.width = width;
  }

  /** Down and up speed, one point a second, the newest on the right. */
  function drawSpeeds(history) {
    const canvas = $('speed-chart');
    const ratio = window.devicePixelRatio || 1;
    const width = Math.floor(canvas.clientWidth * ratio);
    const height = Math.floor(canvas.clientHeight * ratio);
    canvas.width = width;
    canvas.height = height;
    const context = canvas.getContext('2d');
    const slots = 300;
    const top = Math.max(MIN_CHART_TOP, ...history.down, ...history.up);
    const scale = niceCeiling(top);
    context.strokeStyle = css(colours.line);
    context.lineWidth = ratio;
    for (let k = 0; k <= 4; k++) {
      const y = Math.round(height - 1 - (height - 2) * k / 4) + 0.5;
      context.beginPath();
      context.moveTo(0, y);
      context.lineTo(width, y);
      context.stroke();
    }
    const line = (values, colour) => {
      context.strokeStyle = css(colour);
      context.lineWidth = 2 * ratio;
      context.beginPath();
      values.forEach((value, i) => {
        const x = width - (values.length - 1 - i) * width / (slots - 1);
        const y = height - 1 - (height - 2) * value / scale;
        if (i === 0) { context.moveTo(x, y); } else { context.lineTo(x, y); }
      });
      context.stroke();
    };
    line(history.down, colours.down);
    line(history.up, colours.up);
    setText('chart-scale', 'now is on the right; the top line is ' + rate(scale) + ', a line every ' + rate(scale / 4));
  }

  function niceCeiling(value) {
    const power = Math.pow(1024, Math.floor(Math.log(value) / Math.log(1024)));
    for (const step of [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024]) {
      if (step * power >= value) { return step * power; }
    }
    return value;
  }

  function showPeers(peers) {
    const rows = $('peer-rows');
    const sorted = [...peers].sort((a, b) => a.direction.localeCompare(b.direction)
        || String(a.player_id).localeCompare(String(b.player_id)));
    const fresh = sorted.map((p) => {
      const row = document.createElement('tr');
      const cell = (value, className) => {
        const td = document.createElement('td');
        td.textContent = value;
        if (className) { td.className = className; }
        row.appendChild(td);
      };
      cell(p.player_id === null ? '(no handshake yet)' : p.player_id, 'id');
      cell(p.address);
      cell(p.direction === 'download' ? 'we download' : 'it downloads');
      cell(p.client);
      cell(p.choked ? 'yes' : 'no');
      cell(p.interested ? 'yes' : 'no');
      cell(rate(p.down_bytes_per_s));
      cell(rate(p.up_bytes_per_s));
      cell(p.books_held < 0 ? '' : p.books_held.toLocaleString('en'));
      return row;
    });
    rows.replaceChildren(...fresh);
    $('no-peers').hidden = peers.length > 0;
  }

  async function poll() {
    let next = POLL_MILLIS;
    try {
      const response = await fetch('/api/status', { cache: 'no-store' });
      if (!response.ok) {
        throw new Error('the player answered ' + response.status);
      }
      last = await response.json();
      lastAt = Date.now();
      answering = true;
      showStatus(last);
    } catch (e) {
      // The player's process has ended (or the network between is gone): keep its last figures.
      answering = false;
      next = POLL_ENDED_MILLIS;
    }
    showState();
    setTimeout(poll, next);
  }

  let resized = null;
  window.addEventListener('resize', () => {
    clearTimeout(resized);
    resized = setTimeout(() => { if (last !== null) { drawn.cells = null; showStatus(last); } }, 200);
  });
  poll();
})();
