// The ConvScope explorer page: plain JavaScript over the JSON API under /api/ (see the README).
'use strict';

const state = {
  model: null,      // GET /api/model
  image: null,      // current image id
  blob: null,       // current layer (blob name)
  layout: null,     // tile rectangles of the current grid
  unit: null,       // current channel
  mode: 'deconvnet',
  cls: null,        // class for Grad-CAM and occlusion
  jobs: {},         // running optimizations by panel ('optimize', 'classmodel'): {id, source}
  patchTimer: null,
};

const $ = (id) => document.getElementById(id);

function showError(message) {
  const e = $('error');
  e.textContent = message;
  e.hidden = false;
}

function clearError() {
  $('error').hidden = true;
  $('error').textContent = '';
}

// fetch JSON; a 4xx/5xx answer's {"error": "..."} becomes the thrown message
async function api(path, options) {
  const r = await fetch(path, options);
  const type = r.headers.get('Content-Type') || '';
  const body = type.startsWith('application/json') ? await r.json() : null;
  if (!r.ok) {
    throw new Error(body && body.error ? body.error : r.status + ' ' + r.statusText);
  }
  return {status: r.status, body};
}

const enc = encodeURIComponent;
const imagePath = (what) => '/api/images/' + state.image + '/' + what;

// an <img> whose load is reported: data-src holds the URL once the picture is shown, errors go to the banner
function load(img, url) {
  return new Promise((resolve) => {
    img.onload = () => { img.dataset.src = url; img.hidden = false; resolve(true); };
    img.onerror = async () => {
      img.dataset.src = '';
      try { await api(url); } catch (e) { showError(e.message); }
      resolve(false);
    };
    img.dataset.src = 'loading';
    img.src = url;
  });
}

async function init() {
  try {
    state.model = (await api('/api/model')).body;
  } catch (e) {
    showError('cannot read the model: ' + e.message);
    return;
  }
  const m = state.model;
  $('model-name').textContent = m.name + ' (' + m.net + ', ' + m.classes + ' classes, on ' + m.device + ')';
  const sel = $('layer');
  for (const b of m.blobs) {
    const o = document.createElement('option');
    o.value = b.name;
    o.textContent = b.name + '  ' + b.shape.join('×');
    sel.appendChild(o);
  }
  // start on the layer Grad-CAM uses (the last convolution: units worth clicking), else the first map
  // a link may name the view: #layer=fire9/concat&unit=12&mode=guided
  const want = new URLSearchParams(location.hash.slice(1));
  if (['deconvnet', 'guided', 'standard'].includes(want.get('mode'))) setMode(want.get('mode'));
  if (want.get('unit') !== null && /^[0-9]+$/.test(want.get('unit'))) state.unit = Number(want.get('unit'));
  const first = m.blobs.find((b) => b.name === want.get('layer')) || m.blobs.find((b) => b.name === m.gradcamLayer)
      || m.blobs.find((b) => b.shape.length === 4) || m.blobs[0];
  sel.value = first.name;
  state.blob = first.name;
  const cs = $('class');
  for (let k = 0; k < m.classes; k++) {
    const o = document.createElement('option');
    o.value = k;
    o.textContent = k + (m.labels ? ' ' + m.labels[k] : '');
    cs.appendChild(o);
  }
  if (m.data) {
    $('patches-status').textContent = 'Data set: ' + m.data;
  }
  $('optimize-run').disabled = false;
  wire();
  await refreshImages();
  const list = (await api('/api/images')).body.images;
  if (list.length > 0) {
    await selectImage(list[0].id);
  } else {
    await selectLayer(state.blob);
  }
}

function wire() {
  $('file').addEventListener('change', () => {
    if ($('file').files.length > 0) upload($('file').files[0]);
  });
  const drop = $('drop');
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    if (e.dataTransfer.files.length > 0) upload(e.dataTransfer.files[0]);
  });
  $('layer').addEventListener('change', () => selectLayer($('layer').value));
  $('grid').addEventListener('click', gridClick);
  for (const m of ['deconvnet', 'guided', 'standard']) {
    $('mode-' + m).addEventListener('change', () => setMode(m));
  }
  $('class').addEventListener('change', () => selectClass(Number($('class').value)));
  $('occlusion-run').addEventListener('click', runOcclusion);
  $('optimize-run').addEventListener('click',
      () => startOptimize('optimize', '/api/optimize/' + enc(state.blob) + '/' + state.unit));
  $('optimize-cancel').addEventListener('click', () => cancelOptimize('optimize'));
  $('classmodel-run').addEventListener('click', () => startOptimize('classmodel', '/api/optimize/class/' + state.cls));
  $('classmodel-cancel').addEventListener('click', () => cancelOptimize('classmodel'));
  document.addEventListener('keydown', keys);
}

async function refreshImages() {
  const list = (await api('/api/images')).body.images;
  const box = $('image-list');
  box.textContent = '';
  for (const im of list) {
    const b = document.createElement('button');
    b.type = 'button';
    b.title = im.name;
    b.dataset.id = im.id;
    b.className = im.id === state.image ? 'current' : '';
    const t = document.createElement('img');
    t.src = '/api/images/' + im.id + '/input';
    t.alt = im.name;
    b.appendChild(t);
    b.addEventListener('click', () => selectImage(im.id));
    box.appendChild(b);
  }
}

async function upload(file) {
  clearError();
  try {
    const r = await api('/api/images?name=' + enc(file.name), {method: 'POST', body: file});
    await selectImage(r.body.id);
    await refreshImages();
  } catch (e) {
    showError('upload of ' + file.name + ' refused: ' + e.message);
  }
}

async function selectImage(id) {
  clearError();
  state.image = id;
  for (const b of $('image-list').children) b.className = b.dataset.id === id ? 'current' : '';
  document.body.dataset.image = id;
  load($('input'), imagePath('input'));
  try {
    const top = (await api(imagePath('classify'))).body.top;
    const ol = $('top5');
    ol.textContent = '';
    for (const c of top) {
      const li = document.createElement('li');
      li.textContent = (100 * c.probability).toFixed(1) + '%  ' + c.label + ' (' + c.index + ')';
      li.dataset.index = c.index;
      li.addEventListener('click', () => selectClass(c.index));
      ol.appendChild(li);
    }
    await selectClass(top[0].index);
  } catch (e) {
    showError(e.message);
  }
  await selectLayer(state.blob);
}

async function selectLayer(blob) {
  state.blob = blob;
  $('layer').value = blob;
  const b = state.model.blobs.find((x) => x.name === blob);
  $('layer-shape').textContent = b ? b.shape.join(' × ') : '';
  try {
    state.layout = (await api('/api/model/blobs/' + enc(blob) + '/grid')).body;
  } catch (e) {
    showError(e.message);
    return;
  }
  if (state.image) {
    await load($('grid'), imagePath('activations/' + enc(blob)));
  }
  const c = state.unit !== null && state.unit < state.layout.count ? state.unit : 0;
  await selectUnit(c);
}

function gridClick(e) {
  const img = $('grid');
  const l = state.layout;
  if (!l || !img.naturalWidth) return;
  const r = img.getBoundingClientRect();
  const x = (e.clientX - r.left) * img.naturalWidth / r.width;
  const y = (e.clientY - r.top) * img.naturalHeight / r.height;
  for (let i = 0; i < l.tiles.length; i++) {
    const [tx, ty, tw, th] = l.tiles[i];
    if (x >= tx && x < tx + tw && y >= ty && y < ty + th) {
      selectUnit(i);
      return;
    }
  }
}

function markTile() {
  const mark = $('grid-mark');
  const img = $('grid');
  const l = state.layout;
  if (!l || state.unit === null || !img.naturalWidth) { mark.hidden = true; return; }
  const s = img.clientWidth / img.naturalWidth;
  const [tx, ty, tw, th] = l.tiles[state.unit];
  mark.style.left = (tx * s) + 'px';
  mark.style.top = (ty * s) + 'px';
  mark.style.width = (tw * s) + 'px';
  mark.style.height = (th * s) + 'px';
  mark.hidden = false;
}

async function selectUnit(c) {
  state.unit = c;
  document.body.dataset.unit = state.blob + '/' + c;
  $('unit-title').textContent = 'Unit: ' + state.blob + ' channel ' + c;
  markTile();
  stopPatches();
  if (!state.image) return;
  const base = enc(state.blob) + '/' + c;
  await Promise.all([
    load($('unit-activation'), imagePath('activations/' + base)),
    showProjection(),
  ]);
  patches();
}

function showProjection() {
  const p = $('projection');
  p.dataset.unit = state.blob + '/' + state.unit + '/' + state.mode;
  return load(p, imagePath('projection/' + enc(state.blob) + '/' + state.unit + '?mode=' + state.mode));
}

function setMode(m) {
  state.mode = m;
  $('mode-' + m).checked = true;
  if (state.image && state.unit !== null) showProjection();
}

async function selectClass(k) {
  state.cls = k;
  $('class').value = k;
  $('occlusion').hidden = true;
  if (state.image) await load($('gradcam'), imagePath('gradcam?class=' + k));
}

async function runOcclusion() {
  if (!state.image || state.cls === null) return;
  $('occlusion-run').disabled = true;
  await load($('occlusion'), imagePath('occlusion?class=' + state.cls));
  $('occlusion-run').disabled = false;
}

// ----- top-9 patches: the scan runs once per layer in the background; progress is polled

function stopPatches() {
  if (state.patchTimer) clearTimeout(state.patchTimer);
  state.patchTimer = null;
}

async function patches() {
  if (!state.model.data) return;
  const blob = state.blob;
  const unit = state.unit;
  let s;
  try {
    s = (await api('/api/patches/' + enc(blob), {method: 'POST'})).body;
  } catch (e) {
    $('patches-status').textContent = e.message;
    return;
  }
  if (blob !== state.blob || unit !== state.unit) return;
  const bar = $('patches-progress');
  if (s.state === 'done') {
    bar.hidden = true;
    $('patches-status').textContent = 'Top-9 over ' + state.model.data + ' (' + s.total + ' images)';
    load($('patches'), '/api/patches/' + enc(blob) + '/' + unit);
  } else if (s.state === 'failed') {
    bar.hidden = true;
    $('patches-status').textContent = 'scan failed: ' + s.error;
  } else {
    $('patches').hidden = true;
    bar.hidden = false;
    bar.max = Math.max(1, s.total);
    bar.value = s.done;
    $('patches-status').textContent = 'scanning ' + state.model.data + ': ' + s.done + ' / ' + s.total + ' images';
    state.patchTimer = setTimeout(patches, 500);
  }
}

// ----- optimized images (of a unit, of a class): jobs with streamed progress and a cancel button;
// each panel's elements are NAME-run, NAME-cancel, NAME-progress, NAME-status and the picture NAME

async function startOptimize(name, path) {
  if (state.jobs[name]) return;
  clearError();
  let job;
  try {
    job = (await api(path, {method: 'POST'})).body;
  } catch (e) {
    showError(e.message);
    return;
  }
  const bar = $(name + '-progress');
  bar.hidden = false;
  bar.max = job.steps;
  bar.value = 0;
  $(name + '-cancel').hidden = false;
  $(name + '-run').disabled = true;
  $(name + '-status').textContent = 'starting…';
  const source = new EventSource('/api/jobs/' + job.id + '/events');
  state.jobs[name] = {id: job.id, source};
  source.onmessage = (m) => {
    const s = JSON.parse(m.data);
    bar.value = s.step;
    $(name + '-status').textContent = s.state + ' ' + s.step + ' / ' + s.steps;
    if (s.state === 'done' || s.state === 'failed' || s.state === 'cancelled') {
      endOptimize(name);
      if (s.state === 'done') load($(name), '/api/jobs/' + job.id + '/result');
      if (s.state === 'failed') showError('optimization failed: ' + s.error);
    }
  };
  source.onerror = () => endOptimize(name);
}

function endOptimize(name) {
  if (state.jobs[name]) state.jobs[name].source.close();
  delete state.jobs[name];
  $(name + '-cancel').hidden = true;
  $(name + '-run').disabled = false;
}

async function cancelOptimize(name) {
  if (!state.jobs[name]) return;
  try { await api('/api/jobs/' + state.jobs[name].id, {method: 'DELETE'}); } catch (e) { showError(e.message); }
}

// ----- keyboard: the toolbox's next/previous unit and layer

function keys(e) {
  if (e.target && (e.target.tagName === 'INPUT' || e.target.tagName === 'SELECT')) return;
  const l = state.layout;
  if (e.key === 'ArrowRight' && l) { selectUnit(((state.unit ?? -1) + 1) % l.count); e.preventDefault(); }
  else if (e.key === 'ArrowLeft' && l) { selectUnit(((state.unit ?? 0) - 1 + l.count) % l.count); e.preventDefault(); }
  else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
    const names = state.model.blobs.map((b) => b.name);
    const i = names.indexOf(state.blob) + (e.key === 'ArrowDown' ? 1 : -1);
    if (i >= 0 && i < names.length) selectLayer(names[i]);
    e.preventDefault();
  }
  else if (e.key === 'd') setMode('deconvnet');
  else if (e.key === 'g') setMode('guided');
  else if (e.key === 's') setMode('standard');
}

window.addEventListener('load', init);
window.addEventListener('resize', markTile);
