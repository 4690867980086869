/**
 * The docs site's only style and script, inlined in every page (no external requests; the CSP
 * allows exactly these by hash). Readable on a phone: the code table becomes one card per code
 * below 44rem. Light and dark by `prefers-color-scheme`.
 * @module
 */

/** Shared style of every page. */
export const SITE_STYLE = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--card:#f6f8fa;--link:#0550ae;--c4:#8a4b00;--c4bg:#fff1d6;--c5:#a40e26;--c5bg:#ffe3e6;--cx:#3d4650;--cxbg:#e8ebef;--focus:#0969da}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9da7b3;--line:#30363d;--card:#161b22;--link:#79c0ff;--c4:#f0b660;--c4bg:#3a2a0f;--c5:#ff9aa5;--c5bg:#46161d;--cx:#c9d1d9;--cxbg:#21262d;--focus:#58a6ff}}
*{box-sizing:border-box}
[hidden]{display:none!important}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
a{color:var(--link)}
a:focus-visible,input:focus-visible,select:focus-visible,pre:focus-visible,button:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:var(--bg);padding:.5rem}
.skip:focus{left:.5rem}
.wrap{max-width:72rem;margin:0 auto;padding:1rem}
header.site{border-bottom:1px solid var(--line)}
h1{font-size:1.6rem;margin:.5rem 0}
h2{font-size:1.2rem;margin:1.5rem 0 .5rem}
h3{font-size:1rem;margin:1rem 0 .25rem}
.muted{color:var(--muted)}
code,pre{font:0.9em/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
pre{background:var(--card);border:1px solid var(--line);border-radius:6px;padding:.75rem;overflow:auto;white-space:pre}
.filters{display:grid;grid-template-columns:repeat(auto-fit,minmax(11rem,1fr));gap:.75rem;margin:1rem 0}
.filters label{display:block;font-size:.85rem;font-weight:600;margin-bottom:.2rem}
.filters input,.filters select{width:100%;font:inherit;padding:.45rem .5rem;border:1px solid var(--line);border-radius:6px;background:var(--bg);color:var(--fg)}
.filters .search{grid-column:1/-1}
table{width:100%;border-collapse:collapse;table-layout:fixed}
th,td{text-align:left;vertical-align:top;padding:.5rem;border-bottom:1px solid var(--line);overflow-wrap:anywhere}
th{font-size:.85rem;color:var(--muted)}
#codes th:nth-child(1){width:16%}
#codes th:nth-child(2){width:17%}
#codes th:nth-child(3){width:17%}
#codes th:nth-child(5){width:14%}
td.code a{font-weight:600}
.badge{display:inline-block;padding:0 .45rem;border-radius:.75rem;font-size:.85rem;font-weight:600;background:var(--cxbg);color:var(--cx);overflow-wrap:normal}
.badge.s4{background:var(--c4bg);color:var(--c4)}
.badge.s5{background:var(--c5bg);color:var(--c5)}
.badge.note{background:var(--cxbg);color:var(--cx)}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:1rem 0}
dl.facts dt{font-weight:600}
dl.facts dd{margin:0}
.defect{border-left:4px solid var(--c5);padding:.25rem .75rem;background:var(--card)}
nav.crumbs{font-size:.9rem;margin:.5rem 0}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (max-width:44rem){
 table,thead,tbody,tr,td{display:block}
 thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
 tr{border:1px solid var(--line);border-radius:6px;margin:.5rem 0;padding:.25rem .5rem}
 td{border:0;padding:.15rem 0}
 td[data-label]::before{content:attr(data-label) ": ";font-weight:600;color:var(--muted)}
 dl.facts{grid-template-columns:1fr}
 dl.facts dd{margin-bottom:.4rem}
}
`.trim();

/**
 * The index page's filter: search words (every word must occur), status (exact or class),
 * family, format and catalog. The form is hidden until this runs, so without JavaScript the
 * page is simply the full list. `/` focuses the search box; `?q=` pre-fills it.
 */
export const INDEX_SCRIPT = `
(function(){
var form=document.getElementById("filters");var q=document.getElementById("q");
var st=document.getElementById("f-status"),fa=document.getElementById("f-family"),fo=document.getElementById("f-format"),ca=document.getElementById("f-catalog");
var count=document.getElementById("count"),none=document.getElementById("none");
var rows=Array.prototype.slice.call(document.querySelectorAll("#codes tbody tr"));
form.hidden=false;
function apply(){
 var words=q.value.toLowerCase().split(/\\s+/).filter(Boolean),s=st.value,f=fa.value,o=fo.value,c=ca.value,n=0;
 rows.forEach(function(r){var d=r.dataset;
  var ok=words.every(function(w){return d.search.indexOf(w)>=0})
   &&(!s||(s.length===3&&s.slice(1)==="xx"?d.status.charAt(0)===s.charAt(0):d.status===s))
   &&(!f||(" "+d.families+" ").indexOf(" "+f+" ")>=0)
   &&(!o||(" "+d.formats+" ").indexOf(" "+o+" ")>=0)
   &&(!c||d.catalog===c);
  r.hidden=!ok;if(ok)n++});
 count.textContent=n===rows.length?rows.length+" codes":n+" of "+rows.length+" codes";
 none.hidden=n!==0;
}
[q,st,fa,fo,ca].forEach(function(el){el.addEventListener("input",apply);el.addEventListener("change",apply)});
form.addEventListener("submit",function(e){e.preventDefault()});
document.addEventListener("keydown",function(e){var t=e.target&&e.target.tagName;
 if(e.key==="/"&&t!=="INPUT"&&t!=="SELECT"&&t!=="TEXTAREA"){e.preventDefault();q.focus()}});
var p=new URLSearchParams(location.search).get("q");if(p)q.value=p;
apply();
})();
`.trim();
