// The hub's page: asks /api/swarms every second, and /api/swarm for the swarm chosen (the
// page's #fragment is its info hash). Player ids and addresses come from strangers: they are
// set as text (textContent), never as markup.
'use strict';

(() => {
  const POLL_MILLIS = 1000;
  const POLL_ENDED_MILLIS = 5000;
  const INFO_HASH = /^[0-9a-f]{40}$/;

  const $ = (id) => document.getElementById(id);
  const setText = (id, value) => { $(id).textContent = value; };
  const number = (n) => n.toLocaleString('en');

  let answered = false;   // the hub answered at least once
  let answering = false;  // it answered the last time it was asked

  /** The swarm chosen in the address (#info-hash), or null. */
  function chosen() {
    const hash = decodeURIComponent(location.hash.slice(1)).toLowerCase();
    return INFO_HASH.test(hash) ? hash : null;
  }

  function cell(row, value, className) {
    const td = document.createElement('td');
    if (value instanceof Node) {
      td.appendChild(value);
    } else {
      td.textContent = value;
    }
    if (className) { td.className = className; }
    row.appendChild(td);
  }

  function showSwarms(swarms) {
    const sum = (key) => swarms.reduce((total, s) => total + s[key], 0);
    setText('swarm-count', number(swarms.length));
    setText('complete-count', number(sum('complete')));
    setText('incomplete-count', number(sum('incomplete')));
    setText('announce-count', number(sum('announces_last_minute')));
    const current = chosen();
    $('swarm-rows').replaceChildren(...swarms.map((s) => {
      const row = document.createElement('tr');
      const link = document.createElement('a');
      link.href = '#' + s.info_hash;
      link.textContent = s.info_hash;
      cell(row, link, 'mono');
      cell(row, number(s.complete));
      cell(row, number(s.incomplete));
      cell(row, number(s.announces_last_minute));
      if (s.info_hash === current) { row.className = 'chosen'; }
      return row;
    }));
    $('no-swarms').hidden = swarms.length > 0;
  }

  function ago(iso) {
    const seconds = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
    return seconds < 60 ? seconds + ' s ago' : Math.floor(seconds / 60) + ' min ' + (seconds % 60) + ' s ago';
  }

  function showPlayers(swarm) {
    setText('players-of', swarm.info_hash);
    $('player-rows').replaceChildren(...swarm.players.map((p) => {
      const row = document.createElement('tr');
      cell(row, p.id, 'id');
      cell(row, p.address);
      cell(row, String(p.port));
      cell(row, p.complete ? 'complete' : 'downloading');
      cell(row, ago(p.last_announce));
      return row;
    }));
    $('no-players').hidden = swarm.players.length > 0;
    $('players').hidden = false;
  }

  function showState() {
    const state = $('state');
    if (!answered) {
      state.textContent = 'the hub does not answer: it is not running, or not at this address';
      state.className = 'state ended';
    } else if (!answering) {
      state.textContent = 'the hub has stopped answering (it ended, or was stopped); the figures below are its last';
      state.className = 'state ended';
    } else {
      state.textContent = 'live: updated every second';
      state.className = 'state';
    }
  }

  async function json(url) {
    const response = await fetch(url, { cache: 'no-store' });
    if (!response.ok) {
      throw new Error(url + ': the hub answered ' + response.status);
    }
    return response.json();
  }

  async function poll() {
    let next = POLL_MILLIS;
    try {
      showSwarms(await json('/api/swarms'));
      const swarm = chosen();
      if (swarm === null) {
        $('players').hidden = true;
      } else {
        showPlayers(await json('/api/swarm?info_hash=' + swarm));
      }
      answered = true;
      answering = true;
    } catch (e) {
      answering = false;
      next = POLL_ENDED_MILLIS;
    }
    showState();
    clearTimeout(timer);
    timer = setTimeout(poll, next);
  }

  let timer = null;
  window.addEventListener('hashchange', poll);
  poll();
})();
