/* 生活圈数字地图 — the residents' map written by LifeCircle's lifecircle:exportwebmap.
 * Runs from file:// with no network: the data come from data.js (a global, not fetch), the map library
 * from the leaflet/ folder beside this file. Plain script (no modules, no workers) for the same reason. */
(function () {
  "use strict";
  var D = window.LIFECIRCLE_DATA;
  var COLORS = {
    party: "#c0392b", deliberation: "#8e44ad", employment: "#2c3e50", health: "#e74c3c",
    elderly: "#d35400", nursery: "#f39c12", culture: "#2980b9", sports: "#16a085",
    emergency: "#7f0000", public_space: "#27ae60", ecology: "#229954", learning: "#5d6d7e",
    childcare_after_school: "#f5b041", allday_health: "#cb4335", elderly_wellness: "#a04000",
    daily_life: "#7d3c98", culture_spread: "#1f618d", innovation: "#117864", smart: "#566573",
    municipal: "#6e2c00"
  };
  var OTHER = {code: "other", zh: "其他"};
  var serviceByCode = {};
  D.services.forEach(function (s) { serviceByCode[s.code] = s; });

  // --- coordinates: drawn features come already placed for the tiles (shifted to GCJ-02 by the plugin
  // when the tiles are GCJ-02); the grid and the feedback are WGS 84 and go through the plugin's shift
  // sampled on a lattice (D.shift) ---------------------------------------------------------------------
  function shiftAt(lon, lat) {
    var s = D.shift;
    var fx = Math.min(Math.max((lon - s.lon0) / s.dlon, 0), s.n - 1.000001);
    var fy = Math.min(Math.max((lat - s.lat0) / s.dlat, 0), s.n - 1.000001);
    var i = Math.floor(fx), j = Math.floor(fy), u = fx - i, v = fy - j;
    function at(a) {
      var k = j * s.n + i;
      return (a[k] * (1 - u) + a[k + 1] * u) * (1 - v) + (a[k + s.n] * (1 - u) + a[k + s.n + 1] * u) * v;
    }
    return [at(s.dx), at(s.dy)];
  }
  // A spot on the map (tile coordinates) to WGS 84: the inverse of the plugin's shift, by iteration.
  function toWgs84(lon, lat) {
    if (!D.shift) { return [lon, lat]; }
    var w = [lon, lat];
    for (var k = 0; k < 4; k++) {
      var d = shiftAt(w[0], w[1]);
      w = [lon - d[0], lat - d[1]];
    }
    return w;
  }
  function toMap(lon, lat) {
    if (!D.shift) { return [lat, lon]; }
    var d = shiftAt(lon, lat);
    return [lat + d[1], lon + d[0]];
  }

  // --- the minutes grid: one byte per cell and service ------------------------------------------
  var G = D.grid;
  var bytes = (function () {
    var raw = atob(G.minutes), out = new Uint8Array(raw.length);
    for (var k = 0; k < raw.length; k++) { out[k] = raw.charCodeAt(k); }
    return out;
  })();
  var cellCount = G.nx * G.ny;
  function cellIndex(lon, lat) {
    var i = Math.floor((lon - G.lon0) / G.dlon), j = Math.floor((lat - G.lat0) / G.dlat);
    if (i < 0 || j < 0 || i >= G.nx || j >= G.ny) { return -1; }
    return j * G.nx + i;
  }
  function minutesAt(lon, lat) {
    var cell = cellIndex(lon, lat), result = {};
    G.codes.forEach(function (code, s) {
      var b = cell < 0 ? 255 : bytes[s * cellCount + cell];
      result[code] = b === 255 ? null : b * G.step;
    });
    return result;
  }

  // --- the map ----------------------------------------------------------------------------------
  var map = L.map("map", {preferCanvas: true, zoomControl: true, attributionControl: true, zoomSnap: 0.25});
  map.attributionControl.setPrefix('<a href="leaflet/LICENSE">Leaflet</a>');
  if (D.tiles) {
    L.tileLayer(D.tiles.url, {maxZoom: 19, attribution: D.tiles.attribution || ""}).addTo(map);
  }
  function latlngs(line) {
    var out = [];
    for (var k = 0; k < line.length; k += 2) { out.push([line[k + 1], line[k]]); }
    return out;
  }
  var overlays = {};
  var boundary = L.polygon(D.boundary.map(latlngs), {color: "#555", weight: 2, dashArray: "6 4", fill: false,
                                                     interactive: false}).addTo(map);
  var streets = L.layerGroup(D.streets.map(function (line) {
    return L.polyline(latlngs(line), {color: "#9a9a9a", weight: 2, interactive: false});
  })).addTo(map);
  overlays["步行街巷"] = streets;
  if (D.units.length) {
    var units = L.layerGroup(D.units.map(function (u) {
      var poly = L.polygon(u.rings.map(latlngs), {color: "#6c5ce7", weight: 1.5, fill: false, interactive: false});
      if (u.id) { poly.bindTooltip(escapeHtml(u.id), {permanent: true, direction: "center", className: "unit-label"}); }
      return poly;
    })).addTo(map);
    overlays["基本单元"] = units;
  }

  // The grid drawn for one service: green within its standard, orange up to twice, red beyond.
  var gridLayer = null;
  function gridImage(code) {
    var s = G.codes.indexOf(code), threshold = D.thresholds[code];
    var canvas = document.createElement("canvas");
    canvas.width = G.nx; canvas.height = G.ny;
    var ctx = canvas.getContext("2d"), img = ctx.createImageData(G.nx, G.ny);
    for (var j = 0; j < G.ny; j++) {
      for (var i = 0; i < G.nx; i++) {
        var b = bytes[s * cellCount + j * G.nx + i], p = ((G.ny - 1 - j) * G.nx + i) * 4;
        if (b === 255) { continue; }
        var m = b * G.step;
        var c = m <= threshold ? [39, 174, 96] : m <= 2 * threshold ? [243, 156, 18] : [192, 57, 43];
        img.data[p] = c[0]; img.data[p + 1] = c[1]; img.data[p + 2] = c[2]; img.data[p + 3] = 110;
      }
    }
    ctx.putImageData(img, 0, 0);
    return canvas.toDataURL();
  }
  function showGrid(code) {
    if (gridLayer) { map.removeLayer(gridLayer); gridLayer = null; }
    if (!code) { return; }
    var sw = toMap(G.lon0, G.lat0), ne = toMap(G.lon0 + G.nx * G.dlon, G.lat0 + G.ny * G.dlat);
    gridLayer = L.imageOverlay(gridImage(code), [sw, ne], {interactive: false}).addTo(map);
    gridLayer.getElement().style.imageRendering = "pixelated";
    gridLayer.bringToBack();
  }

  var facilityLayers = {};
  D.services.forEach(function (s) {
    var here = D.facilities.filter(function (f) { return f.services.indexOf(s.code) >= 0; });
    if (!here.length) { return; }
    facilityLayers[s.code] = L.layerGroup(here.map(function (f) {
      return L.circleMarker([f.lat, f.lon], {radius: 6, color: "#fff", weight: 1.5, fillColor: COLORS[s.code],
                                                 fillOpacity: 0.95}).bindPopup(facilityPopup(f));
    })).addTo(map);
    overlays['<span class="swatch" style="background:' + COLORS[s.code] + '"></span>' + s.zh +
             " (" + here.length + ")"] = facilityLayers[s.code];
  });
  function escapeHtml(text) {
    return String(text == null ? "" : text).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
    });
  }
  function facilityPopup(f) {
    var names = f.services.map(function (c) { return serviceByCode[c] ? serviceByCode[c].zh : c; }).join("、");
    return "<b>" + escapeHtml(f.name || "（未命名设施）") + "</b><br>服务：" + escapeHtml(names) +
      (f.hours ? "<br>开放时间：" + escapeHtml(f.hours) : "");
  }
  if (D.projects.length) {
    var projects = L.layerGroup(D.projects.map(function (p) {
      var popup = "<b>规划项目：" + escapeHtml(p.name || p.kind_zh) + "</b><br>类型：" + escapeHtml(p.kind_zh) +
        (p.year ? "<br>计划年份：" + p.year : "") + (p.status_zh ? "<br>状态：" + escapeHtml(p.status_zh) : "") +
        (p.content ? "<br>建设内容：" + escapeHtml(p.content) : "");
      var style = {color: "#e84393", weight: 2, dashArray: "4 3", fillColor: "#fd79a8", fillOpacity: 0.5};
      var layer = p.point ? L.circleMarker([p.point[1], p.point[0]], L.extend({radius: 8}, style))
        : L.polygon(p.rings.map(latlngs), style);
      return layer.bindPopup(popup);
    })).addTo(map);
    overlays['<span class="swatch project"></span>规划项目 (' + D.projects.length + ")"] = projects;
  }
  L.control.layers(null, overlays, {collapsed: window.innerWidth < 700}).addTo(map);
  L.control.scale({metric: true, imperial: false, maxWidth: 160}).addTo(map);

  var NorthArrow = L.Control.extend({
    options: {position: "topright"},
    onAdd: function () {
      var div = L.DomUtil.create("div", "north-arrow");
      div.innerHTML = '<svg viewBox="0 0 40 56" width="34" height="48" aria-label="指北针"><polygon points="20,4 32,44 20,36 8,44" ' +
        'fill="#222"/><polygon points="20,4 20,36 8,44" fill="#888"/><text x="20" y="55" text-anchor="middle" ' +
        'font-size="12" font-weight="bold">北</text></svg>';
      return div;
    }
  });
  new NorthArrow().addTo(map);

  var Legend = L.Control.extend({
    options: {position: "bottomleft"},
    onAdd: function () {
      var div = L.DomUtil.create("div", "legend no-grid");
      L.DomEvent.disableClickPropagation(div);
      var rows = D.services.filter(function (s) { return facilityLayers[s.code]; }).map(function (s) {
        return '<div><span class="swatch" style="background:' + COLORS[s.code] + '"></span>' + s.zh + "</div>";
      }).join("");
      var options = '<option value="">不显示</option>' + G.codes.map(function (c) {
        return '<option value="' + c + '">' + serviceByCode[c].zh + "（" + D.thresholds[c] + " 分钟）</option>";
      }).join("");
      div.innerHTML = '<h3>图例</h3><div class="legend-rows">' + rows + "</div>" +
        (D.projects.length ? '<div><span class="swatch project"></span>规划项目</div>' : "") +
        '<div><span class="line street"></span>步行街巷</div>' +
        '<div class="grid-part"><h3>步行时间<span id="grid-label"></span></h3><select id="grid-service" aria-label="步行时间格网">' +
        options + "</select>" +
        '<div class="grid-keys"><span class="swatch" style="background:#27ae60"></span>标准以内 ' +
        '<span class="swatch" style="background:#f39c12"></span>超出 ' +
        '<span class="swatch" style="background:#c0392b"></span>超出一倍以上</div></div>';
      div.querySelector("#grid-service").addEventListener("change", function (e) {
        showGrid(e.target.value);
        div.classList.toggle("no-grid", !e.target.value);
        div.querySelector("#grid-label").textContent = e.target.value
          ? "：" + serviceByCode[e.target.value].zh + "（标准 " + D.thresholds[e.target.value] + " 分钟）" : "";
      });
      return div;
    }
  });
  new Legend().addTo(map);
  map.fitBounds(boundary.getBounds(), {padding: [10, 10]});

  // --- tap anywhere: the minutes to each essential from here ------------------------------------
  var chosen = null, chosenMarker = null;
  // One decimal: a value just over its threshold must not read as the threshold itself.
  function minutesText(v) { return String(Math.round(v * 10) / 10); }
  function minutesTable(m) {
    var rows = G.codes.map(function (code) {
      var v = m[code], t = D.thresholds[code], cls, text;
      if (v === null) {
        cls = "none";
        text = facilityLayers[code] ? "步行 " + D.searchMinutes + " 分钟内无可达设施" : "图中无此类设施";
      }
      else if (v <= t) { cls = "ok"; text = minutesText(v) + " 分钟"; }
      else { cls = "beyond"; text = minutesText(v) + " 分钟（超出 " + t + " 分钟标准）"; }
      return '<tr class="' + cls + '"><th>' + serviceByCode[code].zh + "</th><td>" + text + "</td></tr>";
    }).join("");
    var within = G.codes.filter(function (c) { return m[c] !== null && m[c] <= D.thresholds[c]; }).length;
    return '<div class="minutes"><b>从这里步行到最近的设施</b><table>' + rows + "</table><p>十项必备服务中 " + within +
      " 项在标准步行时间以内。</p><button type=\"button\" class=\"here-feedback\">在此提意见</button></div>";
  }
  map.on("click", function (e) {
    var w = toWgs84(e.latlng.lng, e.latlng.lat);
    chosen = {lon: w[0], lat: w[1]};
    var m = minutesAt(w[0], w[1]);
    var nothing = G.codes.every(function (c) { return m[c] === null; });
    var popup = L.popup({maxWidth: 340}).setLatLng(e.latlng).setContent(
      !nothing ? minutesTable(m) : cellIndex(w[0], w[1]) < 0 ? "此处不在本图范围内。"
        : "此处不在地图范围内，或距步行路网超过 " + D.maxSnapM + " 米，无法计算步行时间。").openOn(map);
    var button = popup.getElement().querySelector(".here-feedback");
    if (button) { button.addEventListener("click", function () { openFeedback(); map.closePopup(); }); }
    placeChosen();
  });

  // --- feedback kept in this browser ------------------------------------------------------------
  var storageKey = "lifecircle.feedback." + D.mapId;
  var memory = [];
  function load() {
    try { return JSON.parse(window.localStorage.getItem(storageKey) || "[]"); } catch (e) { return memory; }
  }
  function save(entries) {
    try { window.localStorage.setItem(storageKey, JSON.stringify(entries)); } catch (e) { memory = entries; }
  }
  function categoryOf(value) {
    if (value === OTHER.code || value === OTHER.zh || !value) { return OTHER; }
    var s = serviceByCode[value] || D.services.filter(function (x) { return x.zh === value; })[0];
    if (!s) { throw new Error("未知类别：" + value); }
    return {code: s.code, zh: s.zh};
  }
  function newId() {
    var r = new Uint8Array(8);
    window.crypto.getRandomValues(r);
    return Date.now().toString(36) + "-" + Array.prototype.map.call(r, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }
  function add(entry) {
    var lon = Number(entry.lon), lat = Number(entry.lat);
    if (!isFinite(lon) || !isFinite(lat)) { throw new Error("意见需要位置（经度、纬度）"); }
    if (!entry.text || !String(entry.text).trim()) { throw new Error("意见内容不能为空"); }
    var category = categoryOf(entry.category);
    var item = {id: newId(), lon: lon, lat: lat, category: category.code, category_zh: category.zh,
                text: String(entry.text).trim(), contact: entry.contact ? String(entry.contact).trim() : "",
                date: new Date().toISOString()};
    var entries = load();
    entries.push(item);
    save(entries);
    renderList();
    return item.id;
  }
  function exportGeoJSON() {
    return JSON.stringify({
      type: "FeatureCollection",
      name: "lifecircle_feedback",
      lifecircle: {map: D.title, mapId: D.mapId, crs: "WGS 84 (EPSG:4326)"},
      features: load().map(function (e) {
        return {type: "Feature", geometry: {type: "Point", coordinates: [e.lon, e.lat]},
                properties: {id: e.id, category: e.category, category_zh: e.category_zh, text: e.text,
                             contact: e.contact, date: e.date, map: D.title}};
      })
    }, null, 1);
  }
  var feedbackMarkers = L.layerGroup().addTo(map);
  function renderList() {
    var entries = load();
    document.getElementById("feedback-count").textContent = "本机已保存 " + entries.length + " 条意见。";
    var list = document.getElementById("feedback-list");
    list.innerHTML = entries.map(function (e) {
      return "<li><b>" + escapeHtml(e.category_zh) + "</b> " + escapeHtml(e.text) + "</li>";
    }).join("");
    feedbackMarkers.clearLayers();
    entries.forEach(function (e) {
      L.circleMarker(toMap(e.lon, e.lat), {radius: 5, color: "#0984e3", fillColor: "#74b9ff", fillOpacity: 1,
                                           weight: 2}).bindTooltip(escapeHtml(e.text)).addTo(feedbackMarkers);
    });
  }
  function placeChosen() {
    document.getElementById("feedback-place").textContent = chosen
      ? "位置：经度 " + chosen.lon.toFixed(5) + "，纬度 " + chosen.lat.toFixed(5) : "位置：尚未选择（请先点击地图）";
    if (chosenMarker) { map.removeLayer(chosenMarker); }
    if (chosen) { chosenMarker = L.circleMarker(toMap(chosen.lon, chosen.lat), {radius: 7, color: "#0984e3"}).addTo(map); }
  }
  function openPanel(id, open) {
    document.getElementById(id).hidden = !open;
    map.invalidateSize();
  }
  function openFeedback() { openPanel("about", false); openPanel("feedback", true); }
  var select = document.getElementById("feedback-category");
  // 其他 first: a resident unsure of the category leaves it, and importfeedback classifies the text.
  select.innerHTML = '<option value="other">其他 / 不确定</option>' + D.services.map(function (s) {
    return '<option value="' + s.code + '">' + s.zh + "</option>";
  }).join("");
  document.getElementById("feedback-form").addEventListener("submit", function (e) {
    e.preventDefault();
    if (!chosen) { window.alert("请先在地图上点击意见所指的位置。"); return; }
    add({lon: chosen.lon, lat: chosen.lat, category: select.value,
         text: document.getElementById("feedback-text").value,
         contact: document.getElementById("feedback-contact").value});
    document.getElementById("feedback-text").value = "";
  });
  document.getElementById("feedback-export").addEventListener("click", function () {
    var blob = new Blob([exportGeoJSON()], {type: "application/geo+json"});
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = "居民意见_" + new Date().toISOString().slice(0, 10) + ".geojson";
    document.body.appendChild(a); a.click(); a.remove();
  });
  document.getElementById("feedback-clear").addEventListener("click", function () {
    if (window.confirm("清空本机保存的全部意见？已导出的文件不受影响。")) { save([]); renderList(); }
  });
  document.getElementById("open-feedback").addEventListener("click", openFeedback);
  document.getElementById("close-feedback").addEventListener("click", function () { openPanel("feedback", false); });
  document.getElementById("open-about").addEventListener("click", function () {
    openPanel("feedback", false); openPanel("about", true);
  });
  document.getElementById("close-about").addEventListener("click", function () { openPanel("about", false); });
  document.getElementById("about-text").innerHTML =
    "<p>点击地图任意位置，查看从该处沿步行路网到十项必备服务（十全）最近设施的步行时间；超出标准的以红色标出。" +
    "时间按步行速度 " + D.speedKmh + " 公里/小时、" + D.cellM + " 米格网计算，取格网中心的数值。</p>" +
    "<p>数据生成于 " + escapeHtml(D.generated) + "，由 LifeCircle（15分钟社区生活圈 QGIS 插件）导出。" +
    "本页面不连接网络" + (D.tiles ? "（底图瓦片除外）" : "") + "，意见只保存在本机。</p>" +
    "<p>地图库：Leaflet（BSD-2-Clause 许可）。</p>";
  document.getElementById("print-footer").textContent = D.title + " · 数据生成于 " + D.generated +
    " · 步行速度 " + D.speedKmh + " 公里/小时";

  // --- print view: A4 or A3, landscape, with title, legend, north arrow and scale ---------------
  document.getElementById("print").addEventListener("click", function () {
    var paper = document.getElementById("paper").value;
    document.getElementById("page-size").textContent = "@page { size: " + paper + " landscape; margin: 8mm; }";
    document.body.className = "print-" + paper;
    openPanel("feedback", false); openPanel("about", false);
    map.invalidateSize();
    map.fitBounds(boundary.getBounds(), {padding: [10, 10], animate: false});
    window.setTimeout(function () { window.print(); }, 300);
  });
  window.addEventListener("afterprint", function () { document.body.className = ""; map.invalidateSize(); });

  renderList();
  window.lifecircle = {
    facilityCount: function () { return D.facilities.length; },
    minutesAt: minutesAt,
    feedback: {add: add, exportGeoJSON: exportGeoJSON, count: function () { return load().length; }},
    map: map
  };
})();
